import { createContext, useContext } from 'react';
import type { Session } from './session';

export interface AppState {
  session: Session;
  /** The global data cut-off (ISO date-time, UTC), or undefined for "now". Every data request carries it. */
  asOf?: string;
  navigate: (to: string) => void;
}

export const AppContext = createContext<AppState | undefined>(undefined);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside <AppContext.Provider>');
  return state;
}
