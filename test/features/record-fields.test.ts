import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordFields, snakeCase } from '../../main/features/index.js';

test('snake_case aliases of CSV column names', () => {
  assert.equal(snakeCase('Fuel_Price'), 'fuel_price');
  assert.equal(snakeCase('CPI'), 'cpi');
  assert.equal(snakeCase('Holiday_Flag'), 'holiday_flag');
  assert.equal(snakeCase('storeId'), 'store_id');
  assert.equal(snakeCase('Weekly Sales'), 'weekly_sales');
  assert.equal(snakeCase('HTTPStatus'), 'http_status');
  assert.equal(snakeCase('already_snake'), 'already_snake');
});

test('a record may use either name; the column name wins; a missing request-time date is the request day', () => {
  const fields = recordFields({
    inputs: [
      { name: 'Store', type: 'category' },
      { name: 'Fuel_Price', type: 'number' },
      { name: 'Date', type: 'date', default: 'request_time' },
      { name: 'Signup', type: 'date' },
    ],
  });
  assert.equal(fields.aliasOf('Fuel_Price'), 'fuel_price');
  assert.deepEqual(fields.optionalDates, ['Date']);
  const at = new Date('2026-11-23T15:00:00Z');
  assert.deepEqual(fields.canonicalize({ store: 1, fuel_price: 3.2 }, at), {
    store: 1,
    fuel_price: 3.2,
    Store: 1,
    Fuel_Price: 3.2,
    Date: '2026-11-23',
  });
  assert.deepEqual(fields.canonicalize({ Store: 2, store: 9, Fuel_Price: 3, Date: '05-02-2010' }, at), {
    Store: 2,
    store: 9,
    Fuel_Price: 3,
    Date: '05-02-2010',
  });
  // Null or blank is missing too; a date without the default is left for validation to refuse.
  assert.deepEqual(fields.canonicalize({ Date: null, Signup: null }, at), {
    Date: '2026-11-23',
    Signup: null,
  });
  assert.deepEqual(fields.canonicalize({ Date: ' NA ' }, at), { Date: '2026-11-23' });
});

test('an alias that is another input’s own name is not an alias', () => {
  const fields = recordFields({
    inputs: [
      { name: 'Store', type: 'category' },
      { name: 'store', type: 'number' },
    ],
  });
  assert.equal(fields.aliasOf('Store'), undefined);
  assert.deepEqual(fields.canonicalize({ store: 4 }, new Date()), { store: 4 });
});
