// Integration and end-to-end tests wait on a real broker (consumer group joins take seconds on 2 cores).
jest.setTimeout(120_000);
