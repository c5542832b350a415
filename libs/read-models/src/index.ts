export * from './alerts/alert-row';
export * from './alerts/alerts.projection';
