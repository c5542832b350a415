export * from './alerts/alert-row';
export * from './alerts/alerts.projection';
export * from './alerts/current-alerts';
export * from './alert-history/alert-versions.projection';
export * from './subjects/subjects.projection';
export * from './adverse-events/ae-versions.projection';
export * from './timeline/timeline.projection';
export * from './notifications/notifications.projection';
