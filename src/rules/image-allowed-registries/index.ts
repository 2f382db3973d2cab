import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
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

const ID = 'image-allowed-registries';
const NOT_CONFIGURED = {
  skip: 'no allowed registries configured: the rule is off until rules.image-allowed-registries.options.registries lists them in rampart.yaml',
};

const SCHEME = /^[a-z]+:\/\//;

/** Configured prefixes, normalised once per options object: no scheme, lower case, Docker Hub as docker.io. */
const parsed = new WeakMap<object, readonly string[]>();

function allowedOf(options: Fields): readonly string[] {
  let allowed = parsed.get(options);
  if (!allowed) {
    allowed = (stringList(options, 'registries', ID) ?? [])
      .map((entry) => entry.trim().toLowerCase().replace(SCHEME, ''))
      .filter((entry) => entry !== '')
      .map((entry) =>
        entry.startsWith('index.docker.io') ? `docker.io${entry.slice('index.docker.io'.length)}` : entry,
      );
    parsed.set(options, allowed);
  }
  return allowed;
}

/**
 * A prefix ending in `/` matches by prefix; any other prefix matches whole path components only,
 * so `registry.example.com` allows neither `registry.example.com.evil.io/x` nor `registry.example.com:5000/x`.
 */
function allows(entry: string, repository: string): boolean {
  if (entry.endsWith('/')) return repository.startsWith(entry);
  return repository === entry || repository.startsWith(`${entry}/`);
}

export const imageAllowedRegistries = defineRule<'notAllowed'>({
  meta: {
    id: ID,
    title: 'Images come from allowed registries',
    description:
      'Flags containers (init, regular and ephemeral) whose image does not come from one of the configured registries. Option `registries` (no default) lists allowed prefixes of the fully qualified image name; without it the rule skips every workload. Names are compared the way runtimes resolve them: `nginx` is `docker.io/library/nginx`, and `registry:5000` is a different registry than `registry`.',
    rationale:
      'Whoever controls the registry controls the code your cluster runs. Images from arbitrary public registries bypass your scanning, signing and licence checks, can be typosquats of the real thing, and can be replaced upstream at any time. Restricting workloads to registries you operate or mirror means every image went through your pipeline first — and an attacker with deploy rights cannot simply run their own tooling image.',
    remediation:
      'Mirror or rebuild the image into an allowed registry and reference it there. Configure the allowed prefixes in rampart.yaml; a prefix ending in `/` matches anything below it, one without matches whole path components:\n\n```yaml\nrules:\n  image-allowed-registries:\n    options:\n      registries:\n      - registry.example.com/\n      - docker.io/library/   # official Docker Hub images only\n```\n\nEnforce the same list at admission with `rampart webhook` or an image policy.',
    stage: 'distribute',
    severity: 'high',
    owner: 'devops',
    frameworks: { cis: ['5.5.1'], mitre: ['T1204.003', 'T1525'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      notAllowed:
        '{{container}} pulls {{image}}{{resolved}} from {{registry}}, which is not an allowed registry (allowed: {{allowed}})',
    },
    options: {
      registries: {
        type: 'string-list',
        description: 'allowed image prefixes; a prefix ending in `/` matches anything below it',
      },
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook',
    ],
  },
  // Unconfigured, the rule is off for the whole scan: one line in rulesSkipped, not a skip per workload.
  appliesTo: (_settings, options) => (allowedOf(options ?? {}).length > 0 ? true : NOT_CONFIGURED.skip),
  check({ object, options }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const allowed = allowedOf(options);
    if (allowed.length === 0) return NOT_CONFIGURED;
    let reports: Report<'notAllowed'>[] | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const image = imageOf(ref.container);
      if (image === undefined) continue;
      const { repository, registry } = parseImage(image);
      if (allowed.some((entry) => allows(entry, repository))) continue;
      reports ??= [];
      reports.push({
        path: containerField(ref, 'image'),
        messageId: 'notAllowed',
        data: {
          container: containerLabel(ref),
          image,
          resolved: image.toLowerCase().startsWith(repository) ? '' : ` (${repository})`,
          registry,
          allowed: allowed.join(', '),
        },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
