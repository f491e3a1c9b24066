import type { PricingRuleModule } from './pricing-rule.ts';
import { basicChargeRule } from './rules/basic-charge-rule.ts';
import { flatEnergyRule } from './rules/flat-energy-rule.ts';
import { freeEnergyRule } from './rules/free-energy-rule.ts';
import { governmentFundsRule } from './rules/government-funds-rule.ts';
import { powerFactorRule } from './rules/power-factor-rule.ts';
import { tieredEnergyRule } from './rules/tiered-energy-rule.ts';
import { touEnergyRule } from './rules/tou-energy-rule.ts';
import { touTieredEnergyRule } from './rules/tou-tiered-energy-rule.ts';

/** Pricing-rule modules by component `kind`: the one place a new rule is plugged in. */
export class RuleRegistry {
  private readonly modules = new Map<string, PricingRuleModule>();

  constructor(modules: readonly PricingRuleModule[]) {
    for (const m of modules) {
      if (this.modules.has(m.kind)) throw new Error(`pricing rule "${m.kind}" registered twice`);
      this.modules.set(m.kind, m);
    }
  }

  get(kind: string): PricingRuleModule | undefined {
    return this.modules.get(kind);
  }

  kinds(): string[] {
    return [...this.modules.keys()];
  }

  all(): PricingRuleModule[] {
    return [...this.modules.values()];
  }
}

/** Every rule MeterFlow ships. */
export const defaultRuleRegistry = new RuleRegistry([
  flatEnergyRule,
  tieredEnergyRule,
  touEnergyRule,
  touTieredEnergyRule,
  basicChargeRule,
  governmentFundsRule,
  powerFactorRule,
  freeEnergyRule,
]);
