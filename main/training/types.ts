import type { CsvReading } from '../data/index.js';
import type { DatasetProfile } from '../data/types.js';
import type { VifSelection } from '../features/vif.js';

/**
 * The contract between preprocessing (main/features), the model families (linear, ecd) and
 * the trainer. A model family sees only encoded matrices; it never reads CSVs or configs'
 * feature lists, so every family is trained and scored on exactly the same encoding.
 */
export type Task = 'binary' | 'category' | 'number';

/** Features after fitted preprocessing. */
export type EncodedMatrix = {
  rows: number;
  /** rows × numericWidth, row-major; scaled, missing values imputed (never NaN). */
  numeric: Float32Array;
  numericWidth: number;
  numericNames: string[];
  /** One array per categorical feature: the category index per row; 0 means unknown or missing. */
  categorical: Int32Array[];
  /** Per categorical feature, the number of indices including the unknown slot 0. */
  categoricalCardinalities: number[];
  categoricalNames: string[];
};

/**
 * Target after preprocessing. binary: 0/1; category: class index 0..classes-1;
 * number: z-scored with the training split's mean and std (the trainer un-scales).
 */
export type EncodedTarget = {
  task: Task;
  values: Float32Array;
  /** For binary and category tasks: the class labels in index order. */
  classes?: string[];
};

export type EpochReport = {
  epoch: number;
  totalEpochs: number;
  loss: number;
  validationLoss: number;
};

export type FitContext = {
  seed: number;
  /** Called after each epoch; families with no epochs (closed-form) call it once. */
  onEpoch?: (report: EpochReport) => void;
  /** Aborted when the user cancels; a family checks it between batches and throws CANCELLED. */
  signal?: AbortSignal;
};

/**
 * Output in the encoded target's space: binary → rows values of P(class 1); category →
 * rows × classes probabilities (row-major); number → rows z-scored predictions.
 */
export type FittedModel = {
  readonly family: ModelFamilyName;
  /** Which compute backend produced it (e.g. "wasm", "tensorflow", "cpu", "js"). */
  readonly backend: string;
  predictRaw(x: EncodedMatrix): Promise<Float32Array>;
  /** Writes the weights into `dir` (which exists and is empty). */
  save(dir: string): Promise<void>;
  /** Frees native or GPU memory, if any. */
  dispose(): void;
};

/** `onnx`: a model imported from another tool, scored by ONNX Runtime (never trained here). */
export type ModelFamilyName = 'linear' | 'ecd' | 'gbm' | 'random_forest' | 'onnx';

/**
 * Declarative model config in Ludwig's vocabulary. `main/training/model-config.ts` holds the
 * schema that validates a YAML file into this type and the generator that writes one from a
 * dataset profile.
 */
export type InputFeatureType = 'number' | 'category' | 'binary' | 'date';

export type InputFeature = {
  name: string;
  type: InputFeatureType;
  preprocessing?: {
    /** number: how missing values are filled; category: missing maps to the unknown slot. */
    missing_value_strategy?: 'fill_with_mean' | 'fill_with_median' | 'fill_with_const';
    fill_value?: number;
    normalization?: 'zscore' | 'minmax' | 'none';
    /** category: keep at most this many most frequent values; the rest map to unknown. */
    most_common?: number;
  };
  encoder?: {
    /** ecd: embedding width for a category feature. */
    embedding_size?: number;
  };
  /** date only: a prediction request without this date is for the day of the request. */
  default?: 'request_time';
};

export type OutputFeature = {
  name: string;
  type: Task;
  /** The field a prediction API answer carries the prediction in (default `predicted_<name in snake_case>`). */
  prediction_field?: string;
};

export type SplitConfig =
  | { type: 'random'; probabilities: [number, number, number] }
  /** Ordered by the date column: oldest rows train, newest rows test. */
  | { type: 'datetime'; column: string; probabilities: [number, number, number] };

export type HyperoptParameter =
  | { space: 'uniform' | 'loguniform'; lower: number; upper: number }
  | { space: 'int'; lower: number; upper: number }
  | { space: 'choice'; categories: (number | string)[] }
  /** Grid search only: the values to try. */
  | { space: 'grid_search'; values: (number | string)[] };

export type HyperoptConfig = {
  goal: 'minimize' | 'maximize';
  /** A validation metric name, e.g. "roc_auc", "r2", "loss". */
  metric: string;
  search_alg: { type: 'random' | 'grid' };
  num_samples: number;
  /** Keys are dotted config paths, e.g. "trainer.learning_rate", "combiner.dropout". */
  parameters: Record<string, HyperoptParameter>;
};

export type ModelConfig = {
  model_type: ModelFamilyName;
  input_features: InputFeature[];
  output_features: [OutputFeature];
  combiner: {
    type: 'concat';
    fc_layers: { output_size: number }[];
    dropout: number;
  };
  trainer: {
    epochs: number;
    batch_size: number;
    learning_rate: number;
    optimizer: 'adam' | 'sgd' | 'rmsprop';
    /** Epochs without validation improvement before stopping; -1 turns early stopping off. */
    early_stop: number;
    /** Regularisation: L1 and L2 strengths (linear: elastic net; ecd: kernel regularisers). */
    l1: number;
    l2: number;
  };
  preprocessing: {
    split: SplitConfig;
    /**
     * Drops collinear numeric features (numbers, binaries, date parts) before fitting: while the
     * highest variance inflation factor on the training rows exceeds `threshold`, that feature goes.
     */
    feature_selection?: { method: 'vif'; threshold: number };
  };
  /** Settings of the tree families (gbm, random_forest); unset keys take the family's default. */
  trees?: TreeSettings;
  hyperopt?: HyperoptConfig;
  seed: number;
};

/**
 * Tree ensemble settings, in scikit-learn's vocabulary. All optional: `main/training/trees/settings.ts`
 * fills in the defaults, which differ between gbm and random_forest.
 */
export type TreeSettings = {
  /** gbm: boosting iterations at most (default 200). */
  max_iter?: number;
  /** gbm: shrinkage applied to every tree (default 0.1). */
  learning_rate?: number;
  /** Leaves per tree at most (gbm default 31, random_forest unlimited). */
  max_leaf_nodes?: number;
  /** Depth at most (default unlimited). */
  max_depth?: number;
  /** Rows per leaf at least (gbm default 20, random_forest 5). */
  min_samples_leaf?: number;
  /** gbm: L2 penalty on leaf values (default 0). */
  l2_regularization?: number;
  /** gbm: iterations without validation improvement before stopping (default 10; 0 turns it off). */
  n_iter_no_change?: number;
  /** Histogram bins per numeric feature at most (default 255). */
  max_bins?: number;
  /** random_forest: trees (default 100). */
  n_estimators?: number;
  /** random_forest: features tried per split (default sqrt for classification, all for regression). */
  max_features?: 'sqrt' | 'log2' | 'third' | 'all' | number;
};

export type ModelFamily = {
  name: ModelFamilyName;
  fit(
    train: { x: EncodedMatrix; y: EncodedTarget },
    validation: { x: EncodedMatrix; y: EncodedTarget },
    config: ModelConfig,
    context: FitContext,
  ): Promise<FittedModel>;
  /** Loads what `FittedModel.save` wrote. */
  load(dir: string, target: { task: Task; classes?: string[] }): Promise<FittedModel>;
};

/** What a model package accepts and returns; saved as `signature.json` and shown in the manifest. */
export type ModelSignature = {
  inputs: { name: string; type: InputFeatureType; allowed?: string[]; default?: 'request_time' }[];
  output: { name: string; type: Task; classes?: string[] };
};

/** Metric values by name plus, for classification, the confusion matrix (rows actual, columns predicted). */
export type MetricSet = {
  values: Record<string, number>;
  confusion_matrix?: number[][];
};

/** One prediction in the target's own terms: a class label or an un-scaled number. */
export type Prediction = {
  value: number | string;
  probabilities?: Record<string, number>;
};

export type TrainingRequest = {
  config: ModelConfig;
  /** A dataset snapshot (CSV) and the profile it was ingested with. */
  datasetPath: string;
  profile: DatasetProfile;
  /** How the snapshot is written; by default comma-separated with decimal points. */
  dialect?: CsvReading;
  /** Where the model package is written; must not exist yet or be empty. */
  packageDir: string;
};

/** Progress events; every payload carries `{ step, current, total }`. */
export type TrainingProgress =
  | {
      step: 'epoch';
      current: number;
      total: number;
      loss: number;
      validationLoss: number;
      metrics?: Record<string, number>;
      secondsLeft: number;
    }
  | {
      step: 'loading' | 'preprocessing' | 'fitting' | 'evaluating' | 'saving';
      current: number;
      total: number;
    };

export type TrainingResult = {
  task: Task;
  metrics: {
    train: Record<string, number>;
    validation: Record<string, number>;
    test: Record<string, number>;
  };
  /** Test split, rows actual, columns predicted, in `signature.output.classes` order. */
  confusionMatrix?: number[][];
  history: { epoch: number; loss: number; validationLoss: number }[];
  backend: string;
  family: ModelFamilyName;
  /** Rows used per split (rows with a missing target are left out). */
  splitSizes: { train: number; validation: number; test: number };
  seconds: number;
  stoppedEarly: boolean;
  signature: ModelSignature;
  /**
   * The columns the model sees after feature engineering and selection: numeric ones (numbers,
   * binaries, date parts) then category features (one-hot or embedded by the family).
   */
  features: string[];
  /** What VIF-based feature selection dropped and kept, when the config asked for it. */
  featureSelection?: VifSelection;
};
