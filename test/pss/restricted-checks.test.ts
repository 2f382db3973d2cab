import { describe, test } from 'node:test';
import { allows, container, denies, pod } from './support.js';

const WINDOWS = { os: { name: 'windows' } };

describe('restrictedVolumes', () => {
  const allowed = [
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'image',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ];
  const restricted = [
    'hostPath',
    'gcePersistentDisk',
    'awsElasticBlockStore',
    'gitRepo',
    'nfs',
    'iscsi',
    'glusterfs',
    'rbd',
    'flexVolume',
    'cinder',
    'cephfs',
    'flocker',
    'fc',
    'azureFile',
    'vsphereVolume',
    'quobyte',
    'azureDisk',
    'photonPersistentDisk',
    'portworxVolume',
    'scaleIO',
    'storageos',
  ];

  test('every restricted type and unknown sources are named; allowed types pass', () => {
    const volumes = [
      ...allowed.map((type, i) => ({ name: `a${i + 1}`, [type]: {} })),
      ...restricted.map((type, i) => ({ name: `b${i + 1}`, [type]: {} })),
      { name: 'c1', somethingNew: {} },
    ];
    denies('restrictedVolumes', pod({ containers: [{ name: 'x' }], volumes }), {
      reason: 'restricted volume types',
      detail:
        `volumes ${restricted.map((_, i) => `"b${i + 1}"`).join(', ')}, "c1" use restricted volume types ` +
        '"awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", ' +
        '"gcePersistentDisk", "gitRepo", "glusterfs", "hostPath", "iscsi", "nfs", "photonPersistentDisk", ' +
        '"portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    });
  });

  test('points at the source field, or at the volume when the source is unknown', () => {
    const volumes = [
      { name: 'data', nfs: { server: 'n', path: '/' } },
      { name: 'odd', somethingNew: {} },
    ];
    denies('restrictedVolumes', pod({ containers: [{ name: 'x' }], volumes }), {
      reason: 'restricted volume types',
      detail: 'volumes "data", "odd" use restricted volume types "nfs", "unknown"',
      paths: ['spec.volumes[0].nfs', 'spec.volumes[1]'],
      messages: [
        'volume "data" uses restricted volume type "nfs"',
        'volume "odd" uses restricted volume type "unknown"',
      ],
    });
  });

  test('one volume reads in the singular, at every version', () => {
    const volumes = [{ name: 'v', hostPath: { path: '/' } }];
    denies(
      'restrictedVolumes',
      pod({ containers: [{ name: 'x' }], volumes }),
      {
        reason: 'restricted volume types',
        detail: 'volume "v" uses restricted volume type "hostPath"',
      },
      0,
    );
  });

  test('a volume without a source is the emptyDir the API server defaults it to; image is allowed at v1.0', () => {
    const volumes = [{ name: 'scratch' }, { name: 'tools', image: { reference: 'registry.example/tools:1' } }];
    allows('restrictedVolumes', pod({ containers: [{ name: 'x' }], volumes }), 0);
  });
});

describe('allowPrivilegeEscalation', () => {
  const spec = {
    initContainers: [container('i', { allowPrivilegeEscalation: false })],
    containers: [container('a'), container('b', {}), container('c', { allowPrivilegeEscalation: true })],
    ephemeralContainers: [container('e', { allowPrivilegeEscalation: false })],
  };

  test('starts at v1.8', () => {
    allows('allowPrivilegeEscalation', pod(spec), 7);
  });

  test('unset and true are both escalation', () => {
    denies(
      'allowPrivilegeEscalation',
      pod(spec),
      {
        reason: 'allowPrivilegeEscalation != false',
        detail: 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false',
        paths: [
          'spec.containers[0].securityContext.allowPrivilegeEscalation',
          'spec.containers[1].securityContext.allowPrivilegeEscalation',
          'spec.containers[2].securityContext.allowPrivilegeEscalation',
        ],
      },
      8,
    );
  });

  test('windows pods are exempt from v1.25', () => {
    const windows = pod({ ...WINDOWS, containers: [container('a')] });
    denies(
      'allowPrivilegeEscalation',
      windows,
      {
        reason: 'allowPrivilegeEscalation != false',
        detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
      },
      24,
    );
    allows('allowPrivilegeEscalation', windows, 25);
  });
});

describe('runAsNonRoot', () => {
  test('unset everywhere', () => {
    denies('runAsNonRoot', pod({ containers: [container('a')] }), {
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
      paths: ['spec.containers[0].securityContext.runAsNonRoot'],
      messages: ['pod or container "a" must set securityContext.runAsNonRoot=true'],
    });
  });

  test('an explicit false on the pod', () => {
    denies('runAsNonRoot', pod({ securityContext: { runAsNonRoot: false }, containers: [container('a')] }), {
      reason: 'runAsNonRoot != true',
      detail: 'pod must not set securityContext.runAsNonRoot=false',
      paths: ['spec.securityContext.runAsNonRoot'],
    });
  });

  test('explicit false wins over the unset containers a pod-level true would cover', () => {
    const spec = {
      securityContext: { runAsNonRoot: true },
      containers: [
        container('a'),
        container('b', {}),
        container('c', { runAsNonRoot: false }),
        container('d', { runAsNonRoot: false }),
        container('e', { runAsNonRoot: true }),
      ],
    };
    denies('runAsNonRoot', pod(spec), {
      reason: 'runAsNonRoot != true',
      detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false',
      paths: ['spec.containers[2].securityContext.runAsNonRoot', 'spec.containers[3].securityContext.runAsNonRoot'],
    });
  });

  test('no pod-level value: the containers that did not opt in', () => {
    const spec = { containers: [container('a'), container('b', {}), container('d', { runAsNonRoot: true })] };
    denies('runAsNonRoot', pod(spec), {
      reason: 'runAsNonRoot != true',
      detail: 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
    });
  });

  test('user-namespace pods are exempt from v1.35, not before', () => {
    const userns = pod({ hostUsers: false, containers: [container('a')] });
    denies(
      'runAsNonRoot',
      userns,
      { reason: 'runAsNonRoot != true', detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' },
      34,
    );
    allows('runAsNonRoot', userns, 35);
    denies('runAsNonRoot', pod({ hostUsers: true, containers: [container('a')] }), {
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    });
  });

  test('windows pods get no exemption', () => {
    denies('runAsNonRoot', pod({ ...WINDOWS, containers: [container('a')] }), {
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    });
  });
});

describe('runAsUser', () => {
  const rootly = (hostUsers?: boolean) =>
    pod({
      ...(hostUsers === undefined ? {} : { hostUsers }),
      securityContext: { runAsUser: 0 },
      containers: [
        container('a', { runAsUser: 0 }),
        container('b', { runAsUser: 1000 }),
        container('c', { runAsUser: 0 }),
      ],
    });

  test('starts at v1.23', () => {
    allows('runAsUser', rootly(), 22);
  });

  test('names the pod and containers that set 0', () => {
    denies(
      'runAsUser',
      rootly(),
      {
        reason: 'runAsUser=0',
        detail: 'pod and containers "a", "c" must not set runAsUser=0',
        paths: [
          'spec.securityContext.runAsUser',
          'spec.containers[0].securityContext.runAsUser',
          'spec.containers[2].securityContext.runAsUser',
        ],
        messages: [
          'pod must not set runAsUser=0',
          'container "a" must not set runAsUser=0',
          'container "c" must not set runAsUser=0',
        ],
      },
      23,
    );
  });

  test('user-namespace pods are exempt from v1.35', () => {
    denies(
      'runAsUser',
      rootly(false),
      { reason: 'runAsUser=0', detail: 'pod and containers "a", "c" must not set runAsUser=0' },
      34,
    );
    allows('runAsUser', rootly(false), 35);
  });

  test('an unset user is allowed', () => {
    allows('runAsUser', pod({ containers: [container('a')] }));
  });
});

describe('seccompProfile_restricted', () => {
  test('starts at v1.19', () => {
    allows('seccompProfile_restricted', pod({ containers: [container('a')] }), 18);
  });

  test('no profile anywhere', () => {
    denies(
      'seccompProfile_restricted',
      pod({ containers: [container('a')] }),
      {
        reason: 'seccompProfile',
        detail: 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        paths: ['spec.containers[0].securityContext.seccompProfile.type'],
      },
      19,
    );
  });

  test('explicit bad values are named before missing ones', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [container('a'), container('c', { seccompProfile: { type: 'Unconfined' } })],
    };
    denies('seccompProfile_restricted', pod(spec), {
      reason: 'seccompProfile',
      detail: 'pod and container "c" must not set securityContext.seccompProfile.type to "Unconfined"',
      paths: ['spec.securityContext.seccompProfile.type', 'spec.containers[1].securityContext.seccompProfile.type'],
    });
  });

  test('a valid pod-level profile covers containers without one', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('a'), container('b', {})],
    };
    allows('seccompProfile_restricted', pod(spec));
  });

  test('windows pods are exempt from v1.25; linux pods are not', () => {
    allows('seccompProfile_restricted', pod({ ...WINDOWS, containers: [container('a')] }), 25);
    denies(
      'seccompProfile_restricted',
      pod({ ...WINDOWS, containers: [container('a')] }),
      {
        reason: 'seccompProfile',
        detail: 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      },
      24,
    );
    denies('seccompProfile_restricted', pod({ os: { name: 'linux' }, containers: [container('a')] }), {
      reason: 'seccompProfile',
      detail: 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    });
  });
});

describe('capabilities_restricted', () => {
  const spec = {
    containers: [
      container('a'),
      container('b', { capabilities: { drop: ['NET_RAW'] } }),
      container('c', { capabilities: { drop: ['ALL'], add: ['BAR', 'BAZ'] } }),
      container('d', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN', 'FOO'] } }),
      container('e', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
      container('f', { capabilities: { drop: ['all'] } }),
    ],
  };

  test('starts at v1.22', () => {
    allows('capabilities_restricted', pod(spec), 21);
  });

  test('missing drop ALL, then forbidden adds', () => {
    denies(
      'capabilities_restricted',
      pod(spec),
      {
        reason: 'unrestricted capabilities',
        detail:
          'containers "a", "b", "f" must set securityContext.capabilities.drop=["ALL"]; ' +
          'containers "c", "d" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
        paths: [
          'spec.containers[0].securityContext.capabilities.drop',
          'spec.containers[1].securityContext.capabilities.drop',
          'spec.containers[5].securityContext.capabilities.drop',
          'spec.containers[2].securityContext.capabilities.add',
          'spec.containers[3].securityContext.capabilities.add',
        ],
        messages: [
          'container "a" must set securityContext.capabilities.drop=["ALL"]',
          'container "b" must set securityContext.capabilities.drop=["ALL"]',
          'container "f" must set securityContext.capabilities.drop=["ALL"]',
          'container "c" must not include "BAR", "BAZ" in securityContext.capabilities.add',
          'container "d" must not include "CHOWN", "FOO" in securityContext.capabilities.add',
        ],
      },
      22,
    );
  });

  test('windows pods are exempt from v1.25', () => {
    const windows = pod({ ...WINDOWS, containers: [container('a')] });
    denies(
      'capabilities_restricted',
      windows,
      {
        reason: 'unrestricted capabilities',
        detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]',
      },
      24,
    );
    allows('capabilities_restricted', windows, 25);
  });
});

describe('procMount_restricted', () => {
  const userns = pod({ hostUsers: false, containers: [container('a', { procMount: 'Unmasked' })] });

  test('starts at v1.35, where baseline relaxes', () => {
    allows('procMount_restricted', userns, 34);
  });

  test('keeps /proc masked even in a user namespace', () => {
    denies(
      'procMount_restricted',
      userns,
      {
        reason: 'procMount',
        detail: 'container "a" must not set securityContext.procMount to "Unmasked"',
        paths: ['spec.containers[0].securityContext.procMount'],
      },
      35,
    );
    allows('procMount', userns, 35);
  });
});
