export { FlowLog } from "./flowLog";
export type { FlowLogArgs } from "./flowLog";
