-- Paths the registry keeps become relative to the workspace folder (written with '/'), so a
-- workspace moved, renamed, copied or restored into another folder still finds its packages,
-- datasets, run artifacts and logs. The folder is the one holding this database file, as SQLite
-- names it. A path outside it stays as it is: a batch prediction's input may live anywhere, and a
-- path left over from a workspace moved before this migration is re-rooted by `podium doctor --repair`.
-- Releases keep source_workspace_path absolute: it names another workspace, as a record.
CREATE TEMP TABLE relative_paths_root AS
  SELECT rtrim(replace(file, char(92), '/'), replace(replace(file, char(92), '/'), '/', '')) AS prefix
  FROM pragma_database_list WHERE name = 'main' AND file <> '';

UPDATE datasets SET path = substr(replace(path, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(path, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE runs SET artifact_dir = substr(replace(artifact_dir, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(artifact_dir, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE run_artifacts SET path = substr(replace(path, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(path, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE model_versions SET package_path = substr(replace(package_path, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(package_path, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE services SET log_file = substr(replace(log_file, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(log_file, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE predictions SET input_path = substr(replace(input_path, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(input_path, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

UPDATE predictions SET output_path = substr(replace(output_path, char(92), '/'), length((SELECT prefix FROM relative_paths_root)) + 1)
  WHERE substr(replace(output_path, char(92), '/'), 1, length((SELECT prefix FROM relative_paths_root))) = (SELECT prefix FROM relative_paths_root);

DROP TABLE temp.relative_paths_root;
