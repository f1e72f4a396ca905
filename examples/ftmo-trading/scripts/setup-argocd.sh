#!/usr/bin/env bash
# Installs Argo CD on a k3s node and hands one environment of the FTMO trading system to it.
#
#   scripts/setup-argocd.sh [production|staging]      (default: production)
#
# Each environment is a cluster of its own: both Applications deploy into the dax-trading
# namespace, so a cluster runs exactly one of them. Safe to run again: every step either
# checks first or is an apply.
set -euo pipefail

# Pinned: upgrading Argo CD is a reviewed change of this line, never a surprise.
readonly ARGOCD_VERSION="v3.1.9"
readonly ARGOCD_NAMESPACE="argocd"
readonly ARGOCD_NODE_PORT=30080
readonly INSTALL_MANIFEST="https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml"
readonly WAIT_TIMEOUT="300s"
# The account whose token the pipeline uses to wait for a deployment: it may only read the
# project's Applications (RBAC: applications, get), never sync, change or delete them.
readonly DEPLOY_ACCOUNT="ftmo-deploy"
readonly PROJECT="ftmo-trading"

environment="${1:-production}"
case "${environment}" in
  production | staging) ;;
  *)
    echo "usage: $0 [production|staging]" >&2
    exit 2
    ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
argocd_dir="${repo_root}/infra/argocd"

# k3s writes its kubeconfig here; a KUBECONFIG already set wins.
if [[ -z "${KUBECONFIG:-}" && -r /etc/rancher/k3s/k3s.yaml ]]; then
  export KUBECONFIG=/etc/rancher/k3s/k3s.yaml
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl not found: install k3s first (it provides kubectl)." >&2
  exit 1
fi

echo "==> Namespace ${ARGOCD_NAMESPACE}"
first_install=false
if ! kubectl get namespace "${ARGOCD_NAMESPACE}" >/dev/null 2>&1; then
  kubectl create namespace "${ARGOCD_NAMESPACE}"
  first_install=true
fi

echo "==> Argo CD ${ARGOCD_VERSION}"
# Server-side apply: the ApplicationSet CRD is too large for the annotation that client-side
# apply keeps. --force-conflicts lets a re-run take back fields an earlier install owned.
kubectl apply --server-side --force-conflicts -n "${ARGOCD_NAMESPACE}" -f "${INSTALL_MANIFEST}"
kubectl wait --for=condition=Established --timeout="${WAIT_TIMEOUT}" \
  crd/applications.argoproj.io crd/appprojects.argoproj.io
kubectl -n "${ARGOCD_NAMESPACE}" wait --for=condition=Available --timeout="${WAIT_TIMEOUT}" deployment --all
kubectl -n "${ARGOCD_NAMESPACE}" rollout status statefulset/argocd-application-controller --timeout="${WAIT_TIMEOUT}"

echo "==> UI on NodePort ${ARGOCD_NODE_PORT}"
# A strategic-merge patch merges the ports by number: only the https port gets the fixed
# node port, and the http port is kept.
kubectl -n "${ARGOCD_NAMESPACE}" patch service argocd-server \
  -p "{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":443,\"nodePort\":${ARGOCD_NODE_PORT}}]}}"

echo "==> Project and ${environment} Application"
kubectl apply -f "${argocd_dir}/project.yaml"
kubectl apply -f "${argocd_dir}/application-${environment}.yaml"

echo "==> Read-only account ${DEPLOY_ACCOUNT} for the pipeline's wait"
# apiKey only: the account can hold API tokens but cannot log in to the UI. Its policy lives in
# a key of its own (argocd-rbac-cm reads every policy.<name>.csv), so no other policy is touched.
kubectl -n "${ARGOCD_NAMESPACE}" patch configmap argocd-cm --type merge \
  -p "{\"data\":{\"accounts.${DEPLOY_ACCOUNT}\":\"apiKey\"}}"
policy="p, role:${DEPLOY_ACCOUNT}, applications, get, ${PROJECT}/*, allow\\ng, ${DEPLOY_ACCOUNT}, role:${DEPLOY_ACCOUNT}"
kubectl -n "${ARGOCD_NAMESPACE}" patch configmap argocd-rbac-cm --type merge \
  -p "{\"data\":{\"policy.${DEPLOY_ACCOUNT}.csv\":\"${policy}\"}}"

node_ip="$(kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')"
echo
echo "Argo CD UI: https://${node_ip}:${ARGOCD_NODE_PORT} (self-signed certificate), user admin"

# argocd-server creates this secret when it first starts (give it a minute on a fresh
# install); it is meant to be deleted once the admin password has been changed, so its
# absence on a later run is not an error.
has_initial_secret() {
  kubectl -n "${ARGOCD_NAMESPACE}" get secret argocd-initial-admin-secret >/dev/null 2>&1
}
if [[ "${first_install}" == true ]]; then
  for _ in $(seq 1 30); do
    has_initial_secret && break
    sleep 2
  done
fi
if has_initial_secret; then
  password="$(kubectl -n "${ARGOCD_NAMESPACE}" get secret argocd-initial-admin-secret \
    -o jsonpath='{.data.password}' | base64 --decode)"
  echo "Initial admin password: ${password}"
  echo "Change it after the first login, then delete the secret argocd-initial-admin-secret."
else
  echo "No argocd-initial-admin-secret (already deleted): log in with the password you set."
fi
echo
echo "Token for the pipeline (argocd-token), after logging in with the argocd CLI:"
echo "  argocd account generate-token --account ${DEPLOY_ACCOUNT}"
echo "Store it as the repository secret ARGOCD_TOKEN; it can read the ${PROJECT} Applications and nothing else."
