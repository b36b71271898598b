-- How each dataset's file is written, detected or given when it was ingested: the snapshot is
-- read the same way whenever it is loaded, and later files of the same model fall back on it.
-- Datasets stored before were comma-separated with decimal points; their date formats are in
-- their profiles (date_formats_json NULL).
ALTER TABLE datasets ADD COLUMN delimiter TEXT NOT NULL DEFAULT ','
  CHECK (delimiter IN (',', ';', char(9), '|'));
ALTER TABLE datasets ADD COLUMN decimal_mark TEXT NOT NULL DEFAULT '.' CHECK (decimal_mark IN ('.', ','));
-- Column name → date format (e.g. {"signup": "DD.MM.YYYY"}).
ALTER TABLE datasets ADD COLUMN date_formats_json TEXT;
