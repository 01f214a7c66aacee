package gameday.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.check.ConsistencyChecker.Row;
import gameday.harness.check.ConsistencyChecker.StoredObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistencyCheckerTest {
    @Test
    void classifiesDanglingCorruptOrphanAndResurrected() {
        List<Row> rows = List.of(new Row("a", 3, "sha-a", false), new Row("b", 3, "sha-b", false),
                new Row("c", 5, "sha-c", false), new Row("d", 1, "sha-d", true), new Row("f", 2, "sha-f", false));
        List<StoredObject> objects = List.of(new StoredObject("a", 3), new StoredObject("c", 4), new StoredObject("e", 9),
                new StoredObject("f", 2));
        Map<String, String> content = Map.of("a", "sha-a", "f", "not-f");
        Verdict v = ConsistencyChecker.check(rows.iterator(), objects.iterator(), content::get);
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(5, v.figure("rows").getAsLong());
        assertEquals(4, v.figure("objects").getAsLong());
        assertEquals(1, v.figure("dangling").getAsLong()); // b
        assertEquals(2, v.figure("corrupt").getAsLong()); // c by size, f by checksum
        assertEquals(1, v.figure("orphan").getAsLong()); // e
        assertEquals(1, v.figure("resurrected").getAsLong()); // d: soft-deleted, bytes gone
        assertEquals(List.of("b"), v.figures().get("danglingSample"));
    }

    @Test
    void orphansAloneAreFine() {
        Verdict v = ConsistencyChecker.check(List.of(new Row("a", 1, "x", false)).iterator(),
                List.of(new StoredObject("a", 1), new StoredObject("b", 1)).iterator(), null);
        assertTrue(v.valid());
        assertEquals(1, v.figure("orphan").getAsLong());
    }

    @Test
    void refusesUnsortedInput() {
        assertThrows(IllegalStateException.class, () -> ConsistencyChecker.check(
                List.of(new Row("b", 1, "x", false), new Row("a", 1, "x", false)).iterator(), List.<StoredObject>of().iterator(), null));
    }

    @Test
    void mergesAMillionKeysInBoundedMemory() {
        int n = 1_000_000;
        var rows = new java.util.Iterator<Row>() {
            int i;

            public boolean hasNext() {
                return i < n;
            }

            public Row next() {
                return new Row(String.format("%08d", i++), 10, "s", false);
            }
        };
        var objects = new java.util.Iterator<StoredObject>() {
            int i;

            public boolean hasNext() {
                return i < n;
            }

            // every key but one, then one key no row has
            public StoredObject next() {
                int k = i++;
                if (k >= 500_000) k++;
                return new StoredObject(String.format("%08d", k == n ? n + 1 : k), 10);
            }
        };
        Verdict v = ConsistencyChecker.check(rows, objects, null);
        assertEquals(1, v.figure("dangling").getAsLong());
        assertEquals(1, v.figure("orphan").getAsLong());
        assertEquals(n, v.figure("rows").getAsLong());
    }
}
