/**
 * What the traffic-mirroring descriptors share: the answer of a region where traffic mirroring is not
 * opened, told as the resource to add.
 */
export const mirrorNotOpened = {
  code: /^IncorrectStatus\.TrafficMirrorService$|TrafficMirrorService.*(NotOpen|NotActivated)|^ORDER\.NOT_OPEN/i,
  advice: (region: string) =>
    `traffic mirroring is not opened in ${region}: add a vpc.TrafficMirrorService for ${region} to the program ` +
    `(and let this resource depend on it, e.g. \`dependsOn: [mirrorService]\`), then run \`pulumi up\` again`,
};
