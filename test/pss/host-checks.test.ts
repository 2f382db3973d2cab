import { describe, test } from 'node:test';
import { allows, container, denies, pod } from './support.js';

describe('hostNamespaces', () => {
  test('names each shared namespace, network first', () => {
    denies('hostNamespaces', pod({ hostIPC: true, hostPID: true, hostNetwork: true, containers: [{ name: 'a' }] }), {
      reason: 'host namespaces',
      detail: 'hostNetwork=true, hostPID=true, hostIPC=true',
      paths: ['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC'],
      messages: ['pod must not set hostNetwork=true', 'pod must not set hostPID=true', 'pod must not set hostIPC=true'],
    });
  });

  test('false and absent are allowed', () => {
    allows('hostNamespaces', pod({ hostNetwork: false, containers: [{ name: 'a' }] }));
  });
});

describe('privileged', () => {
  test('counts every container kind, in init, regular, ephemeral order', () => {
    const spec = {
      ephemeralContainers: [container('debug', { privileged: true })],
      containers: [container('a', { privileged: false }), container('b', { privileged: true })],
      initContainers: [container('init', { privileged: true })],
    };
    denies('privileged', pod(spec), {
      reason: 'privileged',
      detail: 'containers "init", "b", "debug" must not set securityContext.privileged=true',
      paths: [
        'spec.initContainers[0].securityContext.privileged',
        'spec.containers[1].securityContext.privileged',
        'spec.ephemeralContainers[0].securityContext.privileged',
      ],
      messages: [
        'container "init" must not set securityContext.privileged=true',
        'container "b" must not set securityContext.privileged=true',
        'container "debug" must not set securityContext.privileged=true',
      ],
    });
  });

  test('a single container reads in the singular', () => {
    denies('privileged', pod({ containers: [container('foo', { privileged: true })] }), {
      reason: 'privileged',
      detail: 'container "foo" must not set securityContext.privileged=true',
    });
  });
});

describe('capabilities_baseline', () => {
  test('lists every non-default capability once, sorted, and each offending container', () => {
    const spec = {
      containers: [
        container('a', { capabilities: { add: ['FOO', 'BAR'] } }),
        container('b', { capabilities: { add: ['BAR', 'BAZ', 'CHOWN'] } }),
        container('c', { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } }),
      ],
    };
    denies('capabilities_baseline', pod(spec), {
      reason: 'non-default capabilities',
      detail: 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
      paths: [
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[1].securityContext.capabilities.add',
      ],
      messages: [
        'container "a" must not include "BAR", "FOO" in securityContext.capabilities.add',
        'container "b" must not include "BAR", "BAZ" in securityContext.capabilities.add',
      ],
    });
  });

  test('names are exact: lower case and the CAP_ prefix are not the default capability', () => {
    denies(
      'capabilities_baseline',
      pod({ containers: [container('a', { capabilities: { add: ['chown', 'CAP_CHOWN'] } })] }),
      {
        reason: 'non-default capabilities',
        detail: 'container "a" must not include "CAP_CHOWN", "chown" in securityContext.capabilities.add',
      },
    );
  });

  test('the whole default set is allowed', () => {
    const add = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE'];
    add.push('SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT');
    allows('capabilities_baseline', pod({ containers: [container('a', { capabilities: { add } })] }));
  });
});

describe('hostPathVolumes', () => {
  test('names the hostPath volumes', () => {
    const volumes = [
      { name: 'a', hostPath: { path: '/' } },
      { name: 'b', emptyDir: {} },
      { name: 'c', hostPath: {} },
    ];
    denies('hostPathVolumes', pod({ containers: [{ name: 'x' }], volumes }), {
      reason: 'hostPath volumes',
      detail: 'volumes "a", "c"',
      paths: ['spec.volumes[0].hostPath', 'spec.volumes[2].hostPath'],
      messages: ['volume "a" must not use hostPath', 'volume "c" must not use hostPath'],
    });
  });

  test('a null hostPath is no hostPath', () => {
    allows(
      'hostPathVolumes',
      pod({ containers: [{ name: 'x' }], volumes: [{ name: 'a', hostPath: null, emptyDir: {} }] }),
    );
  });
});

describe('hostPorts', () => {
  test('one container, one port', () => {
    const containers = [
      { name: 'a', ports: [{ hostPort: 0, containerPort: 80 }] },
      { name: 'b', ports: [{ containerPort: 80 }, { hostPort: 20 }] },
    ];
    denies('hostPorts', pod({ containers }), {
      reason: 'hostPort',
      detail: 'container "b" uses hostPort 20',
      paths: ['spec.containers[1].ports[1].hostPort'],
      messages: ['container "b" uses hostPort 20'],
    });
  });

  test('several containers and ports; ports are unique and sorted as text', () => {
    const containers = [
      { name: 'b', ports: [{ hostPort: 80 }, { hostPort: 10000 }] },
      { name: 'c', ports: [{ hostPort: 80 }, { hostPort: 9 }] },
    ];
    denies('hostPorts', pod({ containers }), {
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 10000, 80, 9',
    });
  });
});

describe('windowsHostProcess', () => {
  test('names the pod before the containers', () => {
    const spec = {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [container('a', { windowsOptions: { hostProcess: true } }), container('b', { windowsOptions: {} })],
    };
    denies('windowsHostProcess', pod(spec), {
      reason: 'hostProcess',
      detail: 'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true',
      paths: [
        'spec.securityContext.windowsOptions.hostProcess',
        'spec.containers[0].securityContext.windowsOptions.hostProcess',
      ],
    });
  });

  test('hostProcess false is allowed', () => {
    allows('windowsHostProcess', pod({ containers: [container('a', { windowsOptions: { hostProcess: false } })] }));
  });
});

describe('hostProbesAndHostLifecycle', () => {
  const probing = {
    initContainers: [
      { name: 'z-sidecar', restartPolicy: 'Always', readinessProbe: { tcpSocket: { host: '8.8.8.8', port: 53 } } },
    ],
    containers: [
      {
        name: 'a',
        livenessProbe: { httpGet: { host: 'bad.host', port: 8080 } },
        startupProbe: { httpGet: { host: 'bad.host', port: 8080 } },
        lifecycle: { preStop: { httpGet: { host: '127.0.0.1', port: 80 } }, postStart: { tcpSocket: { host: '::1' } } },
      },
      { name: 'b', readinessProbe: { httpGet: { port: 8080, host: '' } } },
    ],
  };

  test('starts at v1.34', () => {
    allows('hostProbesAndHostLifecycle', pod(probing), 33);
  });

  test('names containers and hosts once each, sorted', () => {
    denies(
      'hostProbesAndHostLifecycle',
      pod(probing),
      {
        reason: 'probe or lifecycle host',
        detail: 'containers "a", "z-sidecar" use probe or lifecycle hosts "127.0.0.1", "8.8.8.8", "::1", "bad.host"',
        paths: [
          'spec.initContainers[0].readinessProbe.tcpSocket.host',
          'spec.containers[0].livenessProbe.httpGet.host',
          'spec.containers[0].startupProbe.httpGet.host',
          'spec.containers[0].lifecycle.postStart.tcpSocket.host',
          'spec.containers[0].lifecycle.preStop.httpGet.host',
        ],
      },
      34,
    );
  });

  test('one container, one host reads in the singular', () => {
    denies(
      'hostProbesAndHostLifecycle',
      pod({ containers: [{ name: 'a', livenessProbe: { httpGet: { host: 'x' } } }] }),
      {
        reason: 'probe or lifecycle host',
        detail: 'container "a" uses probe or lifecycle host "x"',
        messages: ['container "a" uses probe or lifecycle host "x"'],
      },
    );
  });

  test('probes without a host, and exec probes, are allowed', () => {
    const containers = [
      { name: 'a', livenessProbe: { httpGet: { port: 8080 } }, readinessProbe: { exec: { command: ['true'] } } },
    ];
    allows('hostProbesAndHostLifecycle', pod({ containers }));
  });
});
