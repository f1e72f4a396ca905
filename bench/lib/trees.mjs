// The repositories the benchmark deploys from: services with a Dockerfile, a kustomize base per
// service, and overlays that pin the services' images. Made by code so that 1 or 200 overlays
// cost one line.

const KUSTOMIZATION_HEAD = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization'];

export function imageOf(service, registry = 'ghcr.io/ftmo-labs') {
  return `${registry}/${service}`;
}

function deployment(service, image) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${service}`,
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    `      app: ${service}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${service}`,
    '    spec:',
    '      containers:',
    `        - name: ${service}`,
    `          image: ${image}:latest`,
    '',
  ].join('\n');
}

/** `infra/k8s/overlays/<name>` directories, `count` of them, each pinning every service. */
export function overlayDirs(count) {
  if (count === 1) return ['infra/k8s/overlays/production'];
  return Array.from({ length: count }, (_, i) => `infra/k8s/overlays/region-${String(i + 1).padStart(3, '0')}`);
}

/**
 * Source files of a repository: each service's build context (`dockerfile` gives its text), its
 * base, and `overlays` overlays that each set the image of every service.
 */
export function manifestsTree({ services, overlays, registry, dockerfile = () => 'FROM scratch\nCOPY app.txt /app.txt\n' }) {
  const files = {};
  for (const service of services) {
    files[`services/${service}/Dockerfile`] = dockerfile(service);
    files[`services/${service}/app.txt`] = `${service}\n`;
    files[`infra/k8s/base/${service}/kustomization.yaml`] = [...KUSTOMIZATION_HEAD, 'resources:', '  - deployment.yaml', ''].join('\n');
    files[`infra/k8s/base/${service}/deployment.yaml`] = deployment(service, imageOf(service, registry));
  }
  for (const dir of overlayDirs(overlays)) {
    files[`${dir}/kustomization.yaml`] = [
      ...KUSTOMIZATION_HEAD,
      `namespace: ${dir.split('/').pop()}`,
      'resources:',
      ...services.map((service) => `  - ../../base/${service}`),
      'images:',
      ...services.flatMap((service) => [`  - name: ${imageOf(service, registry)}`, '    newTag: latest']),
      '',
    ].join('\n');
  }
  return files;
}
