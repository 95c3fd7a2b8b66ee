import { stackPolicy } from "./define";
import { UnseenReason, drainUnseen } from "./runState";

export const UNCHECKED_VALUES = "unchecked-values";

const WHY: Record<UnseenReason, (one: boolean) => string> = {
  unknown: (one) =>
    `not known yet (${one ? "it comes" : "they come"} from other resources' outputs); pulumi up checks ${one ? "it" : "them"} before it changes the resource`,
  secret: (one) =>
    `a secret this run cannot decrypt ("[secret]"); pulumi policy analyze on the stack itself (with its secrets provider) checks ${one ? "it" : "them"}`,
  region: () =>
    "not shown by the resource's provider (set alicloud:region in the stack config: ALICLOUD_REGION is not visible to policies)",
  id: () => "not in its outputs, so a flow log that names this VPC by its id cannot be matched to it",
};

/**
 * Reports, once per resource and at the end of the run, the values the pack's policies could not
 * see and so did not judge: values not known yet in preview, secrets that `pulumi policy analyze
 * --file` hands over as `"[secret]"` (whatever their type) when it cannot decrypt them, a bridged
 * resource's region its provider does not show, a VPC's id its outputs do not show. Such a value is
 * never a violation, and never passes silently: the note names the resource, the fields and the
 * policies that skipped them. Advisory: it never fails a run.
 */
export const uncheckedValuesPolicy = stackPolicy({
  name: UNCHECKED_VALUES,
  description: "Checks that every value the policies could not see (unknown, a redacted secret) is named in an advisory note.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Check the named values where they are visible: run pulumi up (values known), or pulumi policy analyze on the stack itself " +
    "(secrets decrypted) instead of on an exported file; set alicloud:region in the stack config.",
  validate: (_context, _config, report) => {
    const notes = drainUnseen();
    if (notes.length === 0) return;
    for (const note of notes) {
      const byReason = new Map<UnseenReason, string[]>();
      for (const f of note.fields) {
        const fields = byReason.get(f.reason) ?? [];
        fields.push(`${f.field} (${f.policies.join(", ")})`);
        byReason.set(f.reason, fields);
      }
      const parts = [...byReason.entries()].map(([reason, fields]) => {
        const one = fields.length === 1;
        return `${fields.join(", ")} ${one ? "is" : "are"} ${WHY[reason](one)}`;
      });
      report(`${note.label}: not checked: ${parts.join("; ")}`, note.urn);
    }
  },
});
