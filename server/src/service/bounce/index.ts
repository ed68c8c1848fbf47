/** Bounce classification: why each recipient of a bounce failed, from the rules in data/bounce-rules.json. */
export * from './classify';
export * from './records';
