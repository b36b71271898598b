import { createContext, useContext } from 'react';
import type { Stores } from './store/index.js';

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('useStores outside <StoresContext.Provider>');
  return stores;
}
