// Mocha's spec reporter plus one plain closing line ("unit: N passed, N failed, N skipped")
// that CI log readers recognise; mocha's own "N passing" is not one of those.
import Mocha from 'mocha';

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      console.log(`unit: ${passes} passed, ${failures} failed, ${pending} skipped`);
    });
  }
}

export = SpecWithSummary;
