#!/usr/bin/env bash
# Pre-pulls every image a k3s game day runs (fixtures/.../k8s/images.txt: the operators, PostgreSQL,
# the S3 servers and k3s's own pause, CoreDNS, local-path and metrics-server images) so that k3s
# never pulls during a game day, and CI can cache them. It also fetches the pinned cert-manager
# manifest when the fixtures do not carry it, checked against the sha256 in the fixtures README.
#
#   scripts/k3s-images.sh save [DIR]       pull the images and write DIR/gameday-images.tar
#                                          (default DIR: .k3s-images); then
#                                          export GAMEDAY_K3S_IMAGES=DIR and K8sSubstrate mounts DIR
#                                          at /var/lib/rancher/k3s/agent/images, which k3s imports
#                                          when it starts; OperatorInstall reads the cert-manager
#                                          manifest from DIR when the fixtures jar has none.
#   scripts/k3s-images.sh import CONTAINER [DIR]
#                                          import the saved tarball into an already running k3s
#                                          container with `ctr images import`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$root/fixtures/src/main/resources/gameday/fixtures/k8s
list=$fixtures/images.txt
cert_manager=cert-manager-v1.19.1.yaml
cert_manager_url=https://github.com/cert-manager/cert-manager/releases/download/v1.19.1/cert-manager.yaml
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
    if [[ ! -f $fixtures/$cert_manager && ! -f $dir/$cert_manager ]]; then
      curl -fsSL -o "$dir/$cert_manager.part" "$cert_manager_url"
      # the README's "sha256:" line for the file, when one was recorded
      want=$(grep -o "$cert_manager.*sha256: *[0-9a-f]\{64\}" "$fixtures/README.md" | grep -o '[0-9a-f]\{64\}' || true)
      got=$(sha256sum "$dir/$cert_manager.part" | cut -d' ' -f1)
      if [[ -n $want && $want != "$got" ]]; then echo "cert-manager manifest: sha256 $got, expected $want" >&2; exit 1; fi
      mv "$dir/$cert_manager.part" "$dir/$cert_manager"
      echo "fetched $cert_manager (sha256 $got)"
    fi
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
