import { AppError, type Issue } from '../../errors/error-codes.ts';
import { divRoundHalfUp, fen, parseScaled, yuanToMicro } from '../../units/money.ts';
import type { BillLines, LineKind } from '../bill-lines.ts';
import type { BasicChargeMethod, BillingDeterminants } from '../determinants.ts';
import { amountFen } from '../exact-math.ts';
import { RULE_PHASE, type PricingRule, type PricingRuleModule, type RuleContext } from '../pricing-rule.ts';
import { COMPONENT_COMMON, PERCENT_SCHEMA, PRICE_SCHEMA } from '../schema-parts.ts';
import type { ComponentDocument, TariffVersionDocument } from '../tariff-document.ts';

const BASIS_POINTS = 10_000;
const METHOD_SCHEMA = { enum: ['capacity', 'contractDemand', 'maxDemand'] } as const;
const PRICED = {
  type: 'object',
  additionalProperties: false,
  required: ['price'],
  properties: { price: PRICE_SCHEMA },
} as const;

interface Methods {
  capacity?: { price: string };
  maxDemand?: { price: string };
  contractDemand?: {
    price: string;
    tolerancePercent: string;
    excessMultiplier: number;
    floorPercentOfCapacity: string;
  };
}

/**
 * Basic charge of the two-part tariff (两部制基本电费), by capacity (kVA), by contract demand
 * (tolerance 105 %, excess at 2×, floor 40 % of capacity — all data) or by actual maximum demand.
 * A part month is prorated by days / prorationDaysPerMonth.
 */
export const basicChargeRule: PricingRuleModule = {
  kind: 'basicCharge',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'defaultMethod', 'methods'],
    properties: {
      kind: { const: 'basicCharge' },
      ...COMPONENT_COMMON,
      defaultMethod: METHOD_SCHEMA,
      methods: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          capacity: PRICED,
          maxDemand: PRICED,
          contractDemand: {
            type: 'object',
            additionalProperties: false,
            required: ['price', 'tolerancePercent', 'excessMultiplier', 'floorPercentOfCapacity'],
            properties: {
              price: PRICE_SCHEMA,
              tolerancePercent: PERCENT_SCHEMA,
              excessMultiplier: { type: 'integer', minimum: 1, maximum: 10 },
              floorPercentOfCapacity: PERCENT_SCHEMA,
            },
          },
        },
      },
    },
  },
  check(c, ctx) {
    const methods = c.methods as Methods;
    const issues: Issue[] = [];
    if (!methods[c.defaultMethod as BasicChargeMethod]) {
      issues.push({
        path: `${ctx.path}/defaultMethod`,
        message: `no price for the default method "${String(c.defaultMethod)}"`,
      });
    }
    const cd = methods.contractDemand;
    if (cd && parseScaled(cd.tolerancePercent, 2) < 100 * 100) {
      issues.push({
        path: `${ctx.path}/methods/contractDemand/tolerancePercent`,
        message: 'the tolerance must be at least 100 %',
      });
    }
    return issues;
  },
  create: (c, v) => new BasicChargeRule(c, v),
};

class BasicChargeRule implements PricingRule {
  readonly kind = 'basicCharge';
  readonly phase = RULE_PHASE.basic;
  private readonly defaultMethod: BasicChargeMethod;
  private readonly capacityPrice?: number;
  private readonly demandPrice?: number;
  private readonly contract?: { price: number; toleranceBp: number; multiplier: number; floorBp: number };
  private readonly lines: Record<'capacity' | 'maxDemand' | 'contractDemand' | 'contractExcess', LineKind>;

  constructor(c: ComponentDocument, v: TariffVersionDocument) {
    const m = c.methods as Methods;
    this.defaultMethod = c.defaultMethod as BasicChargeMethod;
    this.capacityPrice = m.capacity ? yuanToMicro(m.capacity.price) : undefined;
    this.demandPrice = m.maxDemand ? yuanToMicro(m.maxDemand.price) : undefined;
    if (m.contractDemand) {
      this.contract = {
        price: yuanToMicro(m.contractDemand.price),
        toleranceBp: parseScaled(m.contractDemand.tolerancePercent, 2),
        multiplier: m.contractDemand.excessMultiplier,
        floorBp: parseScaled(m.contractDemand.floorPercentOfCapacity, 2),
      };
    }
    const prefix = c.id ?? 'basic';
    const kind = (suffix: string, labelZh: string, labelEn: string, byCapacity: boolean): LineKind => ({
      code: `${prefix}.${suffix}`,
      labelZh,
      labelEn,
      category: 'basic',
      unit: byCapacity ? 'VA' : 'W',
      priceUnit: byCapacity ? 'microYuan/kVA·month' : 'microYuan/kW·month',
      rule: 'basicCharge',
      tariffVersion: v.version,
    });
    this.lines = {
      capacity: kind('capacity', '基本电费(按容量)', 'Basic charge by capacity', true),
      maxDemand: kind('maxDemand', '基本电费(按实际最大需量)', 'Basic charge by maximum demand', false),
      contractDemand: kind('contractDemand', '基本电费(按合同最大需量)', 'Basic charge by contract demand', false),
      contractExcess: kind('contractExcess', '超合同需量基本电费', 'Demand above contract tolerance', false),
    };
  }

  checkDeterminants(d: BillingDeterminants): Issue[] {
    const method = d.basicChargeMethod ?? this.defaultMethod;
    const priced = { capacity: this.capacityPrice, maxDemand: this.demandPrice, contractDemand: this.contract?.price }[
      method
    ];
    if (priced === undefined)
      return [{ path: '/basicChargeMethod', message: `method "${method}" is not priced by this tariff` }];
    const issues: Issue[] = [];
    if (method === 'capacity' && d.capacityVa === undefined)
      issues.push({ path: '/capacityKva', message: 'needed for the basic charge by capacity' });
    if (method !== 'capacity' && d.maxDemandW === undefined)
      issues.push({ path: '/maxDemandKw', message: `needed for the basic charge by ${method}` });
    if (method === 'contractDemand' && d.contractDemandW === undefined) {
      issues.push({ path: '/contractDemandKw', message: 'needed for the basic charge by contract demand' });
    }
    return issues;
  }

  compute(ctx: RuleContext, out: BillLines): void {
    const method = ctx.basicChargeMethod ?? this.defaultMethod;
    if (method === 'capacity' && this.capacityPrice !== undefined) {
      this.line(ctx, out, this.lines.capacity, ctx.capacityVa, this.capacityPrice);
    } else if (method === 'maxDemand' && this.demandPrice !== undefined) {
      this.line(ctx, out, this.lines.maxDemand, ctx.maxDemandW, this.demandPrice);
    } else if (method === 'contractDemand' && this.contract) {
      this.contractLines(ctx, out, this.contract);
    } else {
      throw new AppError('VALIDATION_FAILED', `the tariff has no basic-charge price for method "${method}"`, [
        { path: '/basicChargeMethod', message: `method "${method}" is not priced by this tariff` },
      ]);
    }
  }

  private contractLines(ctx: RuleContext, out: BillLines, k: NonNullable<BasicChargeRule['contract']>): void {
    // The contract demand may not be declared below a share of the installed capacity.
    const floorW = divRoundHalfUp(ctx.capacityVa * k.floorBp, BASIS_POINTS);
    const contractW = Math.max(ctx.contractDemandW, floorW);
    const toleratedW = divRoundHalfUp(contractW * k.toleranceBp, BASIS_POINTS);
    if (ctx.maxDemandW <= toleratedW) {
      this.line(ctx, out, this.lines.contractDemand, contractW, k.price);
      return;
    }
    this.line(ctx, out, this.lines.contractDemand, toleratedW, k.price);
    const excessW = ctx.maxDemandW - toleratedW;
    this.line(ctx, out, this.lines.contractExcess, excessW, k.price * k.multiplier);
  }

  private line(ctx: RuleContext, out: BillLines, kind: LineKind, quantity: number, price: number): void {
    const amount = fen(amountFen(quantity, price, ctx.monthNum, ctx.monthDen));
    if (ctx.monthNum === ctx.monthDen) out.add(kind, quantity, price, amount);
    else out.addFactored(kind, quantity, price, amount, ctx.monthNum, ctx.monthDen);
  }
}
