import { exposedMetricNames } from './support/prometheus-text';
import { metricNamesIn } from './support/promql-names';

/** The two halves of the dashboard check (test/dashboard-metrics.e2e-spec.ts), on known inputs. */
describe('the metric names a PromQL expression selects', () => {
  it.each([
    ['a bare selector', 'kios_orders', ['kios_orders']],
    [
      'a histogram quantile: functions, aggregations, grouping labels and ranges are not names',
      'histogram_quantile(0.99, sum by (le) (rate(kios_dana_request_duration_seconds_bucket{function="dana.digital.goods.order.create"}[5m])))',
      ['kios_dana_request_duration_seconds_bucket'],
    ],
    [
      'label values that look like names, and a Grafana interval',
      'sum without (instance) (increase(kios_callback_attempts_total{outcome=~"accepted|not_accepted", job="kios"}[$__rate_interval]))',
      ['kios_callback_attempts_total'],
    ],
    [
      'vector matching with keywords, a comparison, numbers and durations',
      'kios_projection_lag_events > on (job, instance) group_left () kios_ready_max_lag_events and bool 1e3 offset 5m',
      ['kios_projection_lag_events', 'kios_ready_max_lag_events'],
    ],
    [
      'a function name followed by spaces before its bracket, and a subquery',
      'max_over_time (kios_supplier_balance_minor_units[1h:5m]) < kios_supplier_min_balance_minor_units',
      ['kios_supplier_balance_minor_units', 'kios_supplier_min_balance_minor_units'],
    ],
    ['Prometheus’s own series', 'up{job="kios"} == 0', ['up']],
  ])('%s', (_, expression, names) => {
    expect(metricNamesIn(expression)).toEqual(names);
  });
});

describe('the metric names /metrics exposes', () => {
  const text = [
    '# HELP kios_orders Orders',
    '# TYPE kios_orders gauge',
    'kios_orders{status="succeeded"} 3',
    '# HELP kios_supplier_balance_minor_units Deposit',
    '# TYPE kios_supplier_balance_minor_units gauge',
    '# HELP kios_event_store_append_duration_seconds Appends',
    '# TYPE kios_event_store_append_duration_seconds histogram',
    'kios_event_store_append_duration_seconds_bucket{le="0.001",outcome="ok"} 1',
    '# TYPE process_cpu_user_seconds_total counter',
    'process_cpu_user_seconds_total 0.5',
  ].join('\n');

  it('are its samples’ names, every declared metric even with no sample yet, and a histogram’s series', () => {
    expect([...exposedMetricNames(text)].sort()).toEqual([
      'kios_event_store_append_duration_seconds_bucket',
      'kios_event_store_append_duration_seconds_count',
      'kios_event_store_append_duration_seconds_sum',
      'kios_orders',
      'kios_supplier_balance_minor_units',
      'process_cpu_user_seconds_total',
    ]);
  });

  it('do not include a histogram’s bare name, which PromQL cannot select', () => {
    expect(exposedMetricNames(text).has('kios_event_store_append_duration_seconds')).toBe(false);
  });
});
