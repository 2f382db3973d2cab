import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { imageOf, parseImage } from '../workload-image.js';
import { containerField, containerLabel, containersIn, NO_FINDINGS, podOrSkip } from '../workload-support.js';

export const imageDigestPinning = defineRule<'notPinned'>({
  meta: {
    id: 'image-digest-pinning',
    title: 'Images are pinned by digest',
    description:
      'Opt-in. Flags containers (init, regular and ephemeral) whose image reference carries no well-formed digest (`@sha256:…`). A tag alongside the digest is fine: the digest decides what runs.',
    rationale:
      'A tag, even a version tag, is a pointer the registry lets anyone with push rights move. A digest is the hash of the image manifest: the node verifies it on pull, so the image cannot be swapped in the registry, in a mirror or on the way without the pull failing. Pinning also makes every replica, every node and every rollback run byte-identical code, and lets signatures and scan results refer to exactly what runs.',
    remediation:
      'Enable the rule where supply-chain integrity matters (`rules: {image-digest-pinning: on}` in rampart.yaml) and reference images by digest, keeping the tag for humans:\n\n```yaml\ncontainers:\n- name: web\n  image: registry.example.com/team/web:1.4.2@sha256:<digest>\n```\n\nLet a bot (Renovate, Dependabot) or your CI resolve and update digests, so that pinning does not freeze updates.',
    stage: 'distribute',
    severity: 'low',
    owner: 'devops',
    frameworks: { cis: ['5.5.1'], mitre: ['T1525'] },
    kinds: POD_SPEC_KINDS,
    messages: { notPinned: '{{container}} uses image {{image}}, which is not pinned by digest' },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests',
    ],
    optIn: true,
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    let reports: Report<'notPinned'>[] | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const image = imageOf(ref.container);
      if (image === undefined || parseImage(image).digest !== undefined) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'image'),
        messageId: 'notPinned',
        data: { container: containerLabel(ref), image },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
