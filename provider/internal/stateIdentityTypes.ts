/** Type token and name of the state identity resource (see `stateIdentity.ts`); no runtime imports. */
export const STATE_IDENTITY_TYPE = "pulumi-nodejs:dynamic/alicloud-traffic:StateIdentity";
export const STATE_IDENTITY_NAME = "alicloud-traffic-state";
