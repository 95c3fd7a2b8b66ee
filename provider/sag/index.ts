export { FlowLog, FlowLogArgs } from "./flowLog";
