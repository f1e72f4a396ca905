// The FTMO trading system as the tests model it: its eight services, and the Deployment that a
// kustomize base holds for one of them.

/** The system's services, in the order of its sizing table. */
export const SERVICES = [
  'postgres-data-collector',
  'signal-generation-engine',
  'technical-pattern-service',
  'finbert-sentiment-service',
  'news-ingestion-service',
  'signal-monitoring',
  'dax-llm-service',
  'finbert-trading-llm',
] as const;

export interface Container {
  image: string;
  cpu: string;
  memory: string;
  /** Plain `name: value` variables, in this order; none gives no `env:` key. */
  env?: Record<string, string>;
}

/** A one-replica Deployment of `service`, selected by `app: <service>`, with one container and its limits. */
export function deploymentYaml(service: string, container: Container): string {
  const env = Object.entries(container.env ?? {});
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
    `          image: ${container.image}`,
    ...(env.length > 0 ? ['          env:', ...env.flatMap(([name, value]) => [`            - name: ${name}`, `              value: ${value}`])] : []),
    '          resources:',
    '            limits:',
    `              cpu: ${container.cpu}`,
    `              memory: ${container.memory}`,
    '',
  ].join('\n');
}
