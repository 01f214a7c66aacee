package gameday.harness.k8s;

/**
 * How a CNPG cluster ships WAL and base backups to the object store. The plugin is the only form
 * from CNPG 1.31 on; the in-tree form is kept for operators up to 1.30.
 */
public enum BackupForm {
    /** Barman Cloud Plugin: an {@code ObjectStore} CR and {@code spec.plugins[]}; needs cert-manager. */
    PLUGIN,
    /** {@code spec.backup.barmanObjectStore}, removed after CNPG 1.30. */
    IN_TREE
}
