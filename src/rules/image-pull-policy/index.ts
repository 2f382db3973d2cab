import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { isRuleActive } from '../../core/settings.js';
import { imageOf, parseImage } from '../workload-image.js';
import {
  containerField,
  containerLabel,
  containersIn,
  type Fields,
  NO_FINDINGS,
  podOrSkip,
  stringList,
} from '../workload-support.js';

type MessageId = 'explicit' | 'defaulted';

const ID = 'image-pull-policy';
/** Tags that by convention move with every build. Version tags are taken to be immutable. */
const DEFAULT_MUTABLE_TAGS: readonly string[] = [
  'latest',
  'main',
  'master',
  'develop',
  'dev',
  'edge',
  'nightly',
  'stable',
  'canary',
];
const mutableSets = new WeakMap<object, ReadonlySet<string>>();
const DEFAULT_SET: ReadonlySet<string> = new Set(DEFAULT_MUTABLE_TAGS);

function mutableTagsOf(options: Fields): ReadonlySet<string> {
  let tags = mutableSets.get(options);
  if (!tags) {
    const given = stringList(options, 'mutableTags', ID);
    tags = given ? new Set(given) : DEFAULT_SET;
    mutableSets.set(options, tags);
  }
  return tags;
}

/**
 * Only images that are meant to move are judged: no tag, or a tag from the mutable list. The
 * API server defaults the policy to Always for no tag and `latest`, to IfNotPresent otherwise.
 */
export const imagePullPolicy = defineRule<MessageId>({
  meta: {
    id: ID,
    title: 'Images with mutable tags are always pulled',
    description:
      'Flags containers (init, regular and ephemeral) whose image uses a mutable tag — none, or one of `latest`, `main`, `master`, `develop`, `dev`, `edge`, `nightly`, `stable`, `canary` (option `mutableTags` replaces the list) — and whose effective `imagePullPolicy` is not `Always`. Images pinned by digest, and version tags, are not judged. An image tagged `latest` (or untagged) is the concern of image-latest-tag: its finding names the pull policy too, and this rule reports it only in scans where image-latest-tag does not run.',
    rationale:
      'With `IfNotPresent` or `Never`, each node runs whichever build of a moving tag it happened to pull first. Replicas on different nodes then run different code, a security fix pushed under the same tag never reaches nodes that cached the old build, and a rollout that changes nothing in the manifest changes nothing on those nodes. `Always` makes the kubelet resolve the tag on every start (a cheap manifest check when the layers are cached).',
    remediation:
      'Pin a version or digest (see image-latest-tag and image-digest-pinning), or, while the tag must move, pull it every time:\n\n```yaml\ncontainers:\n- name: web\n  image: registry.example.com/team/web:main\n  imagePullPolicy: Always\n```\n\n`rampart fix` sets `imagePullPolicy: Always`. To change which tags count as mutable, set `rules.image-pull-policy.options.mutableTags` in rampart.yaml.',
    stage: 'deploy',
    severity: 'low',
    owner: 'devops',
    frameworks: { mitre: ['T1525'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      explicit:
        '{{container}} uses the mutable tag {{tag}} of {{image}} with imagePullPolicy {{policy}}, so each node keeps the build it pulled first',
      defaulted:
        '{{container}} uses the mutable tag {{tag}} of {{image}} without an imagePullPolicy, which defaults to IfNotPresent for this tag',
    },
    options: {
      mutableTags: {
        type: 'string-list',
        default: DEFAULT_MUTABLE_TAGS,
        description: 'tags that move, replacing the default list',
      },
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
      'https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting',
    ],
    fixable: true,
  },
  check({ object, options, settings }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const latestOwned = isRuleActive(settings, 'image-latest-tag');
    let mutable: ReadonlySet<string> | undefined;
    let reports: Report<MessageId>[] | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const image = imageOf(ref.container);
      if (image === undefined) continue;
      const { tag, digest } = parseImage(image);
      if (digest !== undefined) continue;
      mutable ??= mutableTagsOf(options);
      if (tag !== undefined && !mutable.has(tag)) continue;
      if ((tag === undefined || tag === 'latest') && latestOwned) continue;
      const explicit = ref.container.imagePullPolicy;
      const policy =
        typeof explicit === 'string' ? explicit : tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
      if (policy === 'Always') continue;
      const path = containerField(ref, 'imagePullPolicy');
      reports ??= [];
      reports.push({
        path,
        messageId: typeof explicit === 'string' ? 'explicit' : 'defaulted',
        data: {
          container: containerLabel(ref),
          image,
          tag: tag === undefined ? '(none, meaning latest)' : `"${tag}"`,
          policy,
        },
        fix: { description: 'set imagePullPolicy: Always', operations: [{ op: 'set', path, value: 'Always' }] },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
