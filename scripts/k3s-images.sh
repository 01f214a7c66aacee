#!/usr/bin/env bash
# Pre-pulls every image a k3s game day runs (fixtures/.../k8s/images.txt) so that k3s never pulls
# during a game day, and CI can cache them.
#
#   scripts/k3s-images.sh save [DIR]       pull the images and write DIR/gameday-images.tar
#                                          (default DIR: .k3s-images); then
#                                          export GAMEDAY_K3S_IMAGES=DIR and K8sSubstrate mounts DIR
#                                          at /var/lib/rancher/k3s/agent/images, which k3s imports
#                                          when it starts.
#   scripts/k3s-images.sh import CONTAINER [DIR]
#                                          import the saved tarball into an already running k3s
#                                          container with `ctr images import`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
list=$root/fixtures/src/main/resources/gameday/fixtures/k8s/images.txt
mode=${1:-save}

images() { grep -Ev '^[[:space:]]*(#|$)' "$list"; }

case $mode in
  save)
    dir=${2:-$root/.k3s-images}
    mkdir -p "$dir"
    mapfile -t all < <(images)
    for image in "${all[@]}"; do docker pull -q "$image"; done
    # one tarball: k3s imports every *.tar in the images folder at start
    docker save -o "$dir/gameday-images.tar" "${all[@]}"
    echo "saved ${#all[@]} images to $dir/gameday-images.tar; export GAMEDAY_K3S_IMAGES=$dir"
    ;;
  import)
    container=${2:?usage: $0 import CONTAINER [DIR]}
    dir=${3:-$root/.k3s-images}
    docker cp "$dir/gameday-images.tar" "$container:/tmp/gameday-images.tar"
    docker exec "$container" ctr images import /tmp/gameday-images.tar
    docker exec "$container" rm -f /tmp/gameday-images.tar
    ;;
  *)
    echo "usage: $0 save [DIR] | import CONTAINER [DIR]" >&2
    exit 2
    ;;
esac
