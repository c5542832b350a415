export * from './html';
export * from './report-events';
export * from './ae-tables';
export * from './build-report';
export * from './render-report';
export * from './render-pdf';
export * from './load-report-events.sql';
export * from './dsmb-report';
