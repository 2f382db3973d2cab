import { pssRule } from '../../pss/index.js';

export const pssAppArmorProfile = pssRule('appArmorProfile', {
  id: 'pss-app-armor-profile',
  title: 'AppArmor is not disabled',
  description:
    'Flags pods and containers whose AppArmor profile, in the appArmorProfile field or the deprecated container.apparmor.security.beta.kubernetes.io annotations, is anything but the runtime default or a Localhost profile (PSS baseline: AppArmor).',
  rationale:
    "The runtime's default AppArmor profile blocks mounts, writes to /proc and /sys and other operations used to break out of containers; an Unconfined profile switches that protection off.",
  remediation:
    'Set `securityContext: {appArmorProfile: {type: RuntimeDefault}}` on the pod or the container (or `{type: Localhost, localhostProfile: <name>}` for a profile loaded on the nodes), and remove `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` annotations.',
  stage: 'deploy',
  severity: 'medium',
  owner: 'developer',
  frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.7.3'], mitre: ['T1611'] },
});
