import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { imageOf, parseImage } from '../workload-image.js';
import { containerField, containerLabel, containersIn, NO_FINDINGS, podOrSkip } from '../workload-support.js';

type MessageId = 'latest' | 'missing';

/** A digest pins the image whatever the tag says: `app:latest@sha256:…` runs exactly one build. */
export const imageLatestTag = defineRule<MessageId>({
  meta: {
    id: 'image-latest-tag',
    title: 'Images are not referenced by the latest tag or without a tag',
    description:
      'Flags containers (init, regular and ephemeral) whose image has the tag `latest` or no tag at all, which means `latest`. Images pinned by digest pass whatever their tag. An explicit `imagePullPolicy` other than Always is named in the same finding (each node then keeps the build it pulled first), so image-pull-policy does not report it again.',
    rationale:
      '`latest` names whatever was pushed last. Two replicas of the same Deployment can run different builds, a node restart or a rescheduled pod silently upgrades the application, a rollback has nothing to roll back to, and nobody can say which code is running when an incident or a vulnerability report arrives. Whoever can push to the repository — including an attacker with a stolen CI token — changes what the cluster runs without touching a manifest.',
    remediation:
      'Reference a version tag your release process never overwrites, or better a digest:\n\n```yaml\ncontainers:\n- name: web\n  image: registry.example.com/team/web:1.4.2\n  # or, immutable:\n  # image: registry.example.com/team/web:1.4.2@sha256:<digest>\n```\n\nTools such as `crane digest` or `docker buildx imagetools inspect` print the digest of a tag.',
    stage: 'distribute',
    severity: 'medium',
    owner: 'devops',
    frameworks: { mitre: ['T1525'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      latest: '{{container}} uses image {{image}} with the mutable tag "latest"{{pull}}',
      missing: '{{container}} uses image {{image}} without a tag, which pulls "latest"{{pull}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    let reports: Report<MessageId>[] | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const image = imageOf(ref.container);
      if (image === undefined) continue;
      const parsed = parseImage(image);
      if (parsed.digest !== undefined || (parsed.tag !== undefined && parsed.tag !== 'latest')) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'image'),
        messageId: parsed.tag === undefined ? 'missing' : 'latest',
        data: { container: containerLabel(ref), image, pull: pullNote(ref.container.imagePullPolicy) },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});

/** The pull policy's part of the story: with anything but Always, each node keeps its first pull. */
function pullNote(policy: unknown): string {
  return typeof policy === 'string' && policy !== 'Always'
    ? `, and imagePullPolicy ${policy} keeps each node on the build it pulled first`
    : '';
}
