import { Exemption, POLICY_EXEMPTIONS, POLICY_NAMES, configuredExemptions, stackPolicy } from "./define";
import { drainExemptions } from "./runState";
import { configProblem } from "./util";

export { POLICY_EXEMPTIONS };

/** Config of `policy-exemptions`. */
export interface PolicyExemptionsConfig {
  /**
   * Policies that do not apply to a resource, each with the reason: `{ resource, policy, reason }`,
   * `resource` being the resource's name (the last part of its URN, every resource of that name) or
   * its whole URN. Default `[]`.
   */
  exemptions: Exemption[];
}

export const policyExemptionsDefaults = (): PolicyExemptionsConfig => ({ exemptions: [] });

/** The policies an exemption may name: every policy but the pack's own notes. */
const exemptable = () => POLICY_NAMES.filter((n) => ![POLICY_EXEMPTIONS, "unchecked-values"].includes(n));

/** What is wrong with a config of this policy (hosts that skip the config schema): unknown policies, empty fields. */
export function policyExemptionsConfigProblems(config: Partial<PolicyExemptionsConfig>): string[] {
  const { exemptions } = { ...policyExemptionsDefaults(), ...config };
  return exemptions.flatMap((e, i) => {
    const problems: string[] = [];
    for (const key of ["resource", "policy", "reason"] as const) {
      if (typeof e?.[key] !== "string" || e[key].trim() === "") problems.push(`exemptions[${i}] has no ${key}`);
    }
    if (typeof e?.policy === "string" && e.policy !== "" && !exemptable().includes(e.policy)) {
      problems.push(`exemptions[${i}] names ${JSON.stringify(e.policy)}, which is not a policy it can exempt from`);
    }
    return problems.map((p) => configProblem(POLICY_EXEMPTIONS, p));
  });
}

/**
 * Holds the organization's exemptions (its config) and reports the ones applied. An exempted policy
 * reports itself as not applicable to that resource with the reason (the engine's `notApplicable`,
 * which Pulumi Cloud shows and the CLI does not print), and this policy prints one advisory note per
 * exempted resource, at the end of the run, so the reason is visible in the output too. Disabling
 * this policy hides the notes; the exemptions still apply.
 *
 * Exemptions are read from the config the engine hands the pack (all policies' settings arrive in
 * one Configure call), so every policy applies them, including stack policies (which leave the
 * exempted resource out).
 */
export const policyExemptionsPolicy = stackPolicy<PolicyExemptionsConfig>({
  name: POLICY_EXEMPTIONS,
  description: "Checks that exempted resources are listed with the reason of their exemption (advisory notes, one per resource).",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Nothing to fix: the note records an exemption from the org config. Review the reason, and remove the exemption from " +
    "policy-exemptions once it no longer applies.",
  settings: {
    defaults: policyExemptionsDefaults,
    configProblems: policyExemptionsConfigProblems,
    configSchema: () => ({
      properties: {
        exemptions: {
          type: "array",
          default: [],
          description: "Policies that do not apply to a resource (by name or URN), each with the reason.",
          items: {
            type: "object",
            properties: {
              resource: { type: "string", minLength: 1, description: "The resource's name or URN." },
              policy: { type: "string", enum: exemptable(), description: "The policy that does not apply to it." },
              reason: { type: "string", minLength: 1, description: "Why (shown with the finding)." },
            },
            required: ["resource", "policy", "reason"],
            additionalProperties: false,
          },
        },
      },
    }),
  },
  validate: (context, _config, report) => {
    const notes = drainExemptions();
    if (notes.length === 0) {
      return context.args.notApplicable(
        configuredExemptions().length > 0 ? "No exemption applies to this stack" : "No exemptions are configured",
      );
    }
    for (const note of notes) {
      report(`${note.label}: ${note.policies.map((p) => `exempted from ${p.policy}: ${p.reason}`).join("; ")}`, note.urn);
    }
  },
});
