import { defineTask } from "@errand/core";
import { z } from "zod";

export default defineTask({
  name: "resizeImage",
  input: z.object({ url: z.string(), width: z.number().int().positive() }),
  async run({ input, controller }) {
    return controller.success({ url: `${input.url}?w=${input.width}` });
  },
});
