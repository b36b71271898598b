import { useEffect } from 'react';
import { useStore } from 'zustand';
import { formatCount } from '../format.js';
import { useStores } from '../stores-context.js';

/**
 * The one model selector of every model-scoped view: it reads and sets the shared choice
 * (`stores.modelSelection`), so a model chosen on one view is the model of all of them.
 */
export function ModelPicker() {
  const stores = useStores();
  const { models, model } = useStore(stores.modelSelection);
  useEffect(() => {
    if (stores.modelSelection.getState().models.data === null) void stores.modelSelection.getState().load();
  }, [stores]);
  const list = models.data ?? [];
  if (list.length === 0) return null;
  return (
    <label className="field">
      Model
      <select
        data-testid="model-select"
        value={model ?? ''}
        onChange={(event) => stores.modelSelection.getState().choose(event.target.value)}
      >
        {list.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name} ({m.task}, {formatCount(m.versions, 'version')})
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The chosen model for a view's requests. `ready` turns true once the list of models has
 * answered: a view asks nothing before, since with several models and no name the core would
 * refuse. `model` stays undefined in a workspace without models (the operations then answer
 * with their empty states).
 */
export function useModelChoice(): { model: string | undefined; ready: boolean } {
  const stores = useStores();
  useEffect(() => {
    if (stores.modelSelection.getState().models.data === null) void stores.modelSelection.getState().load();
  }, [stores]);
  const model = useStore(stores.modelSelection, (state) => state.model);
  const ready = useStore(
    stores.modelSelection,
    (state) => state.models.data !== null || state.models.error !== null,
  );
  return { model: model ?? undefined, ready };
}
