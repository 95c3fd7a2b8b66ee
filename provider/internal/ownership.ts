/**
 * What the idempotency-marker protocol tells users, for every resource kind that carries a marker
 * (flow logs, traffic mirror filters and sessions): one wording, with the kind named as messages
 * name it (`flow log`, `traffic mirror filter`). Pure strings: no I/O.
 */

/** Why a create took over a resource instead of making one: an earlier, interrupted create of this resource made it. */
export function interruptedCreateReason(marker = ""): string {
  return (
    `it carries this resource's idempotency marker${marker}, so an earlier create of this resource (an interrupted ` +
    `\`pulumi up\`) made it. If the engine warned about pending operations, \`pulumi refresh --clear-pending-creates\` ` +
    `drops that stale record`
  );
}

/** The warning of an adoption by a create. */
export const adoptedWarning = (what: string, id: string, why: string): string =>
  `adopted ${what} ${id} instead of creating another: ${why}`;

/** The error of a create that finds several resources carrying its token (`list` names them). */
export function severalCarryError(what: string, count: number, region: string, token: string, list: string, howToDelete: string): Error {
  return new Error(
    `${count} ${what}s in ${region} carry this resource's idempotency marker [pulumi:${token}]: ${list}. They were left by ` +
      `interrupted creates of this resource, so nothing new was created. Delete all but one (${howToDelete}), then run ` +
      `\`pulumi up\` again: it adopts the one that is left.`,
  );
}

/** `read`'s warning for a resource whose marker is another resource's token. */
export const ownedElsewhereWarning = (what: string, id: string, other: string): string =>
  `${what} ${id} now carries another resource's marker [pulumi:${other}]: another stack has adopted it. This stack will not ` +
  `modify or delete it; \`pulumi state delete\` removes it from this stack.`;

/** The error for a change to a resource another stack has adopted. */
export const ownedElsewhereError = (what: string, id: string, other: string): Error =>
  new Error(
    `${what} ${id} now carries another resource's marker [pulumi:${other}]: another stack has adopted it, so this stack does ` +
      `not change it. Remove it from this stack with \`pulumi state delete <urn>\`, or from the other stack first.`,
  );

/** `delete`'s warning for a resource another stack has adopted: it is only removed from this stack. */
export const notDeletedWarning = (what: string, id: string, other: string): string =>
  `${what} ${id} was not deleted: it now carries another resource's marker [pulumi:${other}] (another stack adopted it). ` +
  `It is only removed from this stack.`;

/** `read`'s warning for a resource whose description lost its marker (edited outside Pulumi). */
export const markerLostWarning = (what: string, id: string, token: string): string =>
  `${what} ${id} has lost its idempotency marker [pulumi:${token}] (its description was edited outside Pulumi); ` +
  `\`pulumi up\` writes it back`;
