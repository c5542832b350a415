export * from './ctcae-v5';
export * from './hys-law';
