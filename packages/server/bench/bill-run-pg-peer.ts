// The plain-SQL peer of the bill-run benchmark: the same three example tariffs written as one
// INSERT … SELECT over an unlogged determinants table, with the same integer rounding (half away
// from zero, numeric), lines as a JSON array per bill. Prices are those of packages/core/tariffs/gansu.

export const PG_PEER_TABLES = `
CREATE UNLOGGED TABLE det (
  account_id text PRIMARY KEY, tariff_id text NOT NULL, active_wh bigint NOT NULL, tou_wh jsonb,
  reactive_varh bigint NOT NULL, max_demand_w bigint NOT NULL, capacity_va bigint NOT NULL,
  contract_demand_w bigint NOT NULL, multiplier int NOT NULL);
CREATE UNLOGGED TABLE bills_pg (
  account_id text PRIMARY KEY, total_fen bigint NOT NULL, net_fen bigint NOT NULL, tax_fen bigint NOT NULL,
  lines jsonb NOT NULL);`;

// amount(q, price) = round(q × price / 10^7): Wh × micro-yuan/kWh → fen.
export const PG_PEER_SQL = `
INSERT INTO bills_pg
WITH q AS (
  SELECT account_id, tariff_id, multiplier::numeric AS m,
    active_wh * multiplier AS e,
    coalesce((tou_wh->>'peak')::bigint, 0) * multiplier AS peak,
    coalesce((tou_wh->>'flat')::bigint, 0) * multiplier AS flat,
    coalesce((tou_wh->>'valley')::bigint, 0) * multiplier AS valley,
    reactive_varh * multiplier AS kvarh, max_demand_w * multiplier AS demand,
    capacity_va, contract_demand_w
  FROM det),
res AS (
  SELECT account_id, least(e, 160000) AS t1, least(greatest(e - 160000, 0), 80000) AS t2, greatest(e - 240000, 0) AS t3 FROM q
  WHERE tariff_id = 'gansu-residential-tiered'),
res_lines AS (
  SELECT account_id, jsonb_build_array(jsonb_build_array('energy.tier1', t1, 510000, round(t1 * 510000 / 1e7)))
    || CASE WHEN t2 > 0 THEN jsonb_build_array(jsonb_build_array('energy.tier2', t2, 560000, round(t2 * 560000 / 1e7))) ELSE '[]'::jsonb END
    || CASE WHEN t3 > 0 THEN jsonb_build_array(jsonb_build_array('energy.tier3', t3, 810000, round(t3 * 810000 / 1e7))) ELSE '[]'::jsonb END AS lines,
    round(t1 * 510000 / 1e7) + round(t2 * 560000 / 1e7) + round(t3 * 810000 / 1e7) AS total
  FROM res),
tou AS (
  SELECT account_id,
    round(peak * 751200 / 1e7) AS a1, round(flat * 500800 / 1e7) AS a2, round(valley * 250400 / 1e7) AS a3,
    round(e * 22925 / 1e7) AS f, peak, flat, valley, e
  FROM q WHERE tariff_id = 'gansu-commerce-tou'),
tou_lines AS (
  SELECT account_id, jsonb_build_array(
      jsonb_build_array('energy.peak', peak, 751200, a1), jsonb_build_array('energy.flat', flat, 500800, a2),
      jsonb_build_array('energy.valley', valley, 250400, a3), jsonb_build_array('funds.total', e, 22925, f)) AS lines,
    a1 + a2 + a3 + f AS total
  FROM tou),
two AS (
  SELECT account_id, peak, flat, valley, e, kvarh, demand,
    greatest(contract_demand_w, round(capacity_va * 4000 / 10000.0)) AS c
  FROM q WHERE tariff_id = 'gansu-large-industry-two-part'),
two_b AS (
  SELECT *, round(c * 10500 / 10000.0) AS tol,
    round(peak * 612000 / 1e7) AS a1, round(flat * 408000 / 1e7) AS a2, round(valley * 204000 / 1e7) AS a3,
    round(e * 22925 / 1e7) AS f,
    round(100 * e / sqrt(e::numeric * e + kvarh::numeric * kvarh)) AS pf
  FROM two),
two_c AS (
  SELECT *,
    CASE WHEN demand <= tol THEN round(c * 38000000 / 1e7) ELSE round(tol * 38000000 / 1e7) END AS b1,
    CASE WHEN demand <= tol THEN 0 ELSE round((demand - tol) * 76000000 / 1e7) END AS b2,
    CASE WHEN pf >= 95 THEN -75 WHEN pf >= 94 THEN -60 WHEN pf >= 93 THEN -45 WHEN pf >= 92 THEN -30
      WHEN pf >= 91 THEN -15 WHEN pf >= 90 THEN 0
      WHEN 90 - pf <= 20 THEN 50 * (90 - pf)
      WHEN 90 - pf <= 25 THEN 1000 + 100 * (90 - pf - 20)
      ELSE 1500 + 200 * (90 - pf - 25) END AS bp
  FROM two_b),
two_d AS (SELECT *, a1 + a2 + a3 + b1 + b2 AS base FROM two_c),
two_lines AS (
  SELECT account_id, jsonb_build_array(
      jsonb_build_array('energy.peak', peak, 612000, a1), jsonb_build_array('energy.flat', flat, 408000, a2),
      jsonb_build_array('energy.valley', valley, 204000, a3),
      jsonb_build_array('basic.contractDemand', CASE WHEN demand <= tol THEN c ELSE tol END, 38000000, b1))
    || CASE WHEN demand > tol THEN jsonb_build_array(jsonb_build_array('basic.contractExcess', demand - tol, 76000000, b2)) ELSE '[]'::jsonb END
    || jsonb_build_array(jsonb_build_array('funds.total', e, 22925, f),
      jsonb_build_array('pf.adjustment', base, bp, round(base * bp / 10000.0))) AS lines,
    base + f + round(base * bp / 10000.0) AS total
  FROM two_d),
allb AS (SELECT * FROM res_lines UNION ALL SELECT * FROM tou_lines UNION ALL SELECT * FROM two_lines)
SELECT account_id, total, round(total * 10000 / 11300.0), total - round(total * 10000 / 11300.0), lines FROM allb`;
