import { RESOURCE_RULES, configuredLevel, configuredSettings, exemptionFor, stackPolicy } from "./define";
import { wasReported } from "./runState";
import { kindOf, stackSubject } from "./subject";

export const DEPLOYED_STATE = "deployed-state";

/**
 * Runs every resource policy of the pack on each resource's OUTPUTS, what is deployed (as of the
 * last `up` or `refresh`), and reports what the outputs violate beyond what the inputs did.
 *
 * Resource policies judge a resource's inputs, in preview, in `up` and in `pulumi policy analyze`
 * alike, so a change made outside Pulumi (a flow log paused in the console, a packet length changed
 * by the API) never reaches them. Stack policies see outputs. To judge drift: `pulumi refresh` (the
 * outputs become what the cloud reports), then `pulumi policy analyze`: this policy then reports,
 * e.g., `flowlog-status-active` on a flow log whose inputs say Active and whose outputs say Inactive.
 *
 * Each resource policy runs with its own settings and level from the org config (a disabled one
 * not at all, an exempted resource not), and its rule is the same code as on inputs. Values the
 * policy cannot see in the outputs are skipped without a note (the outputs of a resource being
 * created are not known yet). Advisory by default; set it to mandatory in an audit config.
 */
export const deployedStatePolicy = stackPolicy({
  name: DEPLOYED_STATE,
  description: "Checks that what is deployed (each resource's outputs, e.g. after pulumi refresh) satisfies the resource policies too.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps:
    "The cloud no longer matches the program: run pulumi up to put the program's settings back (a refresh first shows the " +
    "difference), or change the program if the change made outside Pulumi is the one to keep; then fix what the named policy reports.",
  validate: (context, _config, report) => {
    for (const resource of context.args.resources) {
      const kind = kindOf(resource.type);
      if (kind === undefined || context.exempt(resource)) continue;
      for (const rule of RESOURCE_RULES.values()) {
        if (!rule.kinds.includes(kind) || rule.notApplicable?.[resource.type as never]) continue;
        if (configuredLevel(rule) === "disabled" || exemptionFor(rule.name, resource)) continue;
        const config = configuredSettings(rule.name, rule.settings ?? { defaults: () => ({}) });
        if (rule.inapplicableUnder?.(config)) continue;
        const subject = stackSubject(resource)!;
        rule.validate(subject, config, (message) => {
          if (!wasReported(resource.urn, rule.name, message)) {
            report(`${message} (in the deployed state, the resource's outputs: ${rule.name})`, resource.urn);
          }
        });
      }
    }
  },
});
