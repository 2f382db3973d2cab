import { describe, test } from 'node:test';
import { allows, container, denies, pod } from './support.js';

describe('appArmorProfile', () => {
  test('the field: pod, containers and init containers that ask for Unconfined', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      initContainers: [container('init', { appArmorProfile: { type: 'Unconfined' } })],
      containers: [
        container('a', { appArmorProfile: { type: 'RuntimeDefault' } }),
        container('b', { appArmorProfile: {} }),
      ],
    };
    denies('appArmorProfile', pod(spec), {
      reason: 'forbidden AppArmor profiles',
      detail: 'pod and containers "init", "b" must not set AppArmor profile type to "", "Unconfined"',
      paths: [
        'spec.securityContext.appArmorProfile.type',
        'spec.initContainers[0].securityContext.appArmorProfile.type',
        'spec.containers[1].securityContext.appArmorProfile.type',
      ],
    });
  });

  test('the annotations: empty, runtime/default and localhost/* are allowed, the rest listed sorted', () => {
    const prefix = 'container.apparmor.security.beta.kubernetes.io/';
    const annotations = {
      [`${prefix}f`]: 'unknown',
      [`${prefix}`]: 'bogus',
      [`${prefix}a`]: '',
      [`${prefix}b`]: 'runtime/default',
      [`${prefix}c`]: 'localhost/',
      [`${prefix}d`]: 'localhost/foo',
      [`${prefix}e`]: 'unconfined',
      env: 'prod',
    };
    denies('appArmorProfile', pod({ containers: [{ name: 'a' }] }, { name: 'p', annotations }), {
      reason: 'forbidden AppArmor profiles',
      detail:
        'annotations must not set AppArmor profile type to ' +
        '"container.apparmor.security.beta.kubernetes.io/="bogus"", ' +
        '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", ' +
        '"container.apparmor.security.beta.kubernetes.io/f="unknown""',
      paths: [
        'metadata.annotations["container.apparmor.security.beta.kubernetes.io/"]',
        'metadata.annotations["container.apparmor.security.beta.kubernetes.io/e"]',
        'metadata.annotations["container.apparmor.security.beta.kubernetes.io/f"]',
      ],
    });
  });

  test('one bad value is a singular reason; the field check applies at every version', () => {
    const spec = { containers: [container('foo', { appArmorProfile: { type: 'Unconfined' } })] };
    denies(
      'appArmorProfile',
      pod(spec),
      {
        reason: 'forbidden AppArmor profile',
        detail: 'container "foo" must not set AppArmor profile type to "Unconfined"',
      },
      0,
    );
  });

  test('RuntimeDefault and Localhost are allowed', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [container('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } })],
    };
    allows('appArmorProfile', pod(spec));
  });
});

describe('seLinuxOptions', () => {
  const goodTypes = ['container_t', 'container_init_t', 'container_kvm_t'].map((type, i) =>
    container(`ok${i}`, { seLinuxOptions: { type } }),
  );

  test('pod and containers, types sorted, then user and role', () => {
    const spec = {
      securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } },
      containers: [
        ...goodTypes,
        container('e', { seLinuxOptions: { type: 'bar' } }),
        container('f', { seLinuxOptions: { user: 'bar' } }),
        container('g', { seLinuxOptions: { role: 'baz', level: 's0:c1,c2' } }),
      ],
    };
    denies('seLinuxOptions', pod(spec), {
      reason: 'seLinuxOptions',
      detail:
        'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
      paths: [
        'spec.securityContext.seLinuxOptions.type',
        'spec.securityContext.seLinuxOptions.user',
        'spec.securityContext.seLinuxOptions.role',
        'spec.containers[3].securityContext.seLinuxOptions.type',
        'spec.containers[4].securityContext.seLinuxOptions.user',
        'spec.containers[5].securityContext.seLinuxOptions.role',
      ],
    });
  });

  test('a user alone is named without a type', () => {
    denies(
      'seLinuxOptions',
      pod({ securityContext: { seLinuxOptions: { user: 'bad' } }, containers: [{ name: 'a' }] }),
      {
        reason: 'seLinuxOptions',
        detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
        messages: ['pod set forbidden securityContext.seLinuxOptions: user may not be set'],
      },
    );
  });

  test('container_engine_t is allowed from v1.31', () => {
    const spec = { containers: [container('d', { seLinuxOptions: { type: 'container_engine_t' } })] };
    denies(
      'seLinuxOptions',
      pod(spec),
      {
        reason: 'seLinuxOptions',
        detail: 'container "d" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
      },
      30,
    );
    allows('seLinuxOptions', pod(spec), 31);
  });

  test('empty type and level-only options are allowed', () => {
    allows(
      'seLinuxOptions',
      pod({ securityContext: { seLinuxOptions: { level: 's0:c123,c456' } }, containers: goodTypes }),
    );
  });
});

describe('procMount (baseline)', () => {
  const unmasked = (hostUsers?: boolean) =>
    pod({
      ...(hostUsers === undefined ? {} : { hostUsers }),
      initContainers: [container('i', { procMount: 'Unmasked' })],
      containers: [container('a', { procMount: 'Default' }), container('b', { procMount: 'Unmasked' })],
    });

  test('names containers that unmask /proc', () => {
    denies('procMount', unmasked(true), {
      reason: 'procMount',
      detail: 'containers "i", "b" must not set securityContext.procMount to "Unmasked"',
      paths: ['spec.initContainers[0].securityContext.procMount', 'spec.containers[1].securityContext.procMount'],
      messages: [
        'container "i" must not set securityContext.procMount to "Unmasked"',
        'container "b" must not set securityContext.procMount to "Unmasked"',
      ],
    });
  });

  test('user-namespace pods may unmask /proc from v1.35, not before', () => {
    denies(
      'procMount',
      unmasked(false),
      { reason: 'procMount', detail: 'containers "i", "b" must not set securityContext.procMount to "Unmasked"' },
      34,
    );
    allows('procMount', unmasked(false), 35);
  });
});

describe('seccompProfile_baseline', () => {
  const prefix = 'container.seccomp.security.alpha.kubernetes.io/';

  test('before v1.19 it reads the annotations of the pod and of its containers', () => {
    const annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      [`${prefix}a`]: 'docker/default',
      [`${prefix}b`]: 'localhost/x.json',
      [`${prefix}c`]: '',
      [`${prefix}ghost`]: 'unconfined',
    };
    const spec = { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] };
    denies(
      'seccompProfile_baseline',
      pod(spec, { name: 'p', annotations }),
      {
        reason: 'seccompProfile',
        detail:
          'forbidden annotations container.seccomp.security.alpha.kubernetes.io/c="", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
        paths: [
          'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/c"]',
          'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
        ],
      },
      18,
    );
  });

  test('before v1.19 the field is not read; from v1.19 the annotations are not', () => {
    const field = pod({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'a' }] });
    allows('seccompProfile_baseline', field, 18);
    const annotated = pod(
      { containers: [{ name: 'a' }] },
      { name: 'p', annotations: { [`${prefix}a`]: 'unconfined' } },
    );
    allows('seccompProfile_baseline', annotated, 19);
  });

  test('from v1.19, pod and containers that set a bad type', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [
        container('a', { seccompProfile: { type: 'RuntimeDefault' } }),
        container('b', { seccompProfile: { type: 'Unconfined' } }),
        container('c', { seccompProfile: { type: 'Localhost', localhostProfile: 'x.json' } }),
        container('d', { seccompProfile: {} }),
      ],
    };
    denies(
      'seccompProfile_baseline',
      pod(spec),
      {
        reason: 'seccompProfile',
        detail: 'pod and containers "b", "d" must not set securityContext.seccompProfile.type to "", "Unconfined"',
        paths: [
          'spec.securityContext.seccompProfile.type',
          'spec.containers[1].securityContext.seccompProfile.type',
          'spec.containers[3].securityContext.seccompProfile.type',
        ],
      },
      19,
    );
  });

  test('no profile at all is allowed at baseline', () => {
    allows('seccompProfile_baseline', pod({ containers: [{ name: 'a' }] }));
  });
});

describe('sysctls', () => {
  const withSysctls = (...names: string[]) =>
    pod({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) }, containers: [{ name: 'a' }] });

  test('lists the forbidden names in order, unquoted', () => {
    denies('sysctls', withSysctls('a', 'kernel.shm_rmid_forced', 'b'), {
      reason: 'forbidden sysctls',
      detail: 'a, b',
      paths: ['spec.securityContext.sysctls[0].name', 'spec.securityContext.sysctls[2].name'],
      messages: ['pod must not set sysctl "a"', 'pod must not set sysctl "b"'],
    });
  });

  const growth: [string, number][] = [
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_keepalive_intvl', 29],
    ['net.ipv4.tcp_keepalive_probes', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_slow_start_after_idle', 37],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ];
  for (const [name, since] of growth) {
    test(`${name} is safe from v1.${since}`, () => {
      denies('sysctls', withSysctls(name), { reason: 'forbidden sysctls', detail: name }, since - 1);
      allows('sysctls', withSysctls(name), since);
    });
  }

  test('the original five are safe at v1.0', () => {
    const names = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies'];
    allows('sysctls', withSysctls(...names, 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'), 0);
  });
});
