import type { Path } from '../../core/path.js';
import type { CheckDefinition, CheckFn, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, plural, quote, quoteList, sortedList } from '../format.js';
import { containerPath, type Fields, type PodView, recordField, specPath, stringField } from '../pod-view.js';

const TYPES_V1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
/** v1.31 admits the type container engines (podman, buildah) run under inside a container. */
const TYPES_V1_31: ReadonlySet<string> = new Set([...TYPES_V1_0, 'container_engine_t']);

/** The level (MCS categories) stays free: it separates pods from each other and grants nothing. */
function seLinuxOptionsRevision(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod: PodView): CheckOutcome | undefined => {
    const badTypes = new Set<string>();
    let setUser = false;
    let setRole = false;
    const findings: PssFinding[] = [];
    /** Judges one seLinuxOptions; `who` is how the finding names its owner. */
    const judge = (options: Fields, path: Path, who: string): boolean => {
      let valid = true;
      const type = stringField(options, 'type');
      if (!allowedTypes.has(type)) {
        valid = false;
        badTypes.add(type);
        findings.push({
          path: [...path, 'type'],
          message: `${who} set forbidden securityContext.seLinuxOptions: type ${quote(type)}`,
        });
      }
      if (stringField(options, 'user') !== '') {
        valid = false;
        setUser = true;
        findings.push({
          path: [...path, 'user'],
          message: `${who} set forbidden securityContext.seLinuxOptions: user may not be set`,
        });
      }
      if (stringField(options, 'role') !== '') {
        valid = false;
        setRole = true;
        findings.push({
          path: [...path, 'role'],
          message: `${who} set forbidden securityContext.seLinuxOptions: role may not be set`,
        });
      }
      return valid;
    };

    const setters: string[] = [];
    const podOptions = recordField(pod.securityContext, 'seLinuxOptions');
    if (podOptions && !judge(podOptions, specPath(pod, 'securityContext', 'seLinuxOptions'), 'pod'))
      setters.push('pod');
    const containers: string[] = [];
    for (const container of pod.containers) {
      const options = recordField(container.securityContext, 'seLinuxOptions');
      if (!options) continue;
      const path = containerPath(pod, container, 'securityContext', 'seLinuxOptions');
      if (!judge(options, path, `container ${quote(container.name)}`)) containers.push(container.name);
    }
    if (containers.length > 0) setters.push(containersPhrase(containers));
    if (setters.length === 0) return undefined;

    const problems: string[] = [];
    if (badTypes.size > 0)
      problems.push(`${plural('type', 'types', badTypes.size)} ${quoteList(sortedList(badTypes))}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
      findings,
    };
  };
}

export const seLinuxOptions: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { since: 0, run: seLinuxOptionsRevision(TYPES_V1_0) },
    { since: 31, run: seLinuxOptionsRevision(TYPES_V1_31) },
  ],
};
