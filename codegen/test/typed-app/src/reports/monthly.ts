import * as errand from "@errand/core";
import { z } from "zod";

export const monthlyReport = errand.defineTask({
  name: "reports.monthly",
  input: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }),
  async run({ controller }) {
    return controller.success();
  },
});
