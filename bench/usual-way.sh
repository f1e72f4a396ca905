#!/usr/bin/env bash
# The usual way to pin one image in a GitOps branch, for comparison with the action: clone the
# branch, `kustomize edit set image` in every overlay, `kustomize build` every overlay to check
# that it still renders, one commit, one push.
#
#   usual-way.sh REMOTE BRANCH WORKDIR IMAGE TAG DIGEST OVERLAY_DIR...
#
# KUSTOMIZE_BUILD is the render command (default `kustomize build`); USUAL_SKIP_EDIT=1 leaves the
# edits out (then a throwaway file is committed so that there is something to push).
set -euo pipefail
remote=$1 branch=$2 workdir=$3 image=$4 tag=$5 digest=$6
shift 6
render=${KUSTOMIZE_BUILD:-kustomize build}

git clone --quiet --depth 1 --branch "$branch" "$remote" "$workdir"
cd "$workdir"
for dir in "$@"; do
  if [ "${USUAL_SKIP_EDIT:-}" = 1 ]; then
    echo "$tag" > .pinned
  else
    (cd "$dir" && kustomize edit set image "$image=$image:$tag@$digest")
  fi
  $render "$dir" > /dev/null
done
git add -A
git commit --quiet -m "deploy: $image:$tag"
git push --quiet origin "HEAD:$branch"
