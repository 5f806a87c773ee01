export * from './ticket-printer.ts';
