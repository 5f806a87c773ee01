/**
 * @numerek/print-agent: a small process on a computer in an office that connects out to a Numerek
 * server and drives the office's ticket printers for it (docs/decisions/0019-print-agent.md).
 */
export { PrintAgent, STATUS_POLL_MS, type AgentLog, type PrintAgentOptions } from './agent.ts';
export { AgentConfigError, loadAgentConfig, pairingCodeOf, type AgentConfig } from './config.ts';
export { Journal, JOURNAL_KEEP_MS, type JobOutcome } from './journal.ts';
export { obtainToken, PairingError, TokenStore } from './token-store.ts';
