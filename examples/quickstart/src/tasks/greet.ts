import { defineTask } from "@errand/core";
import { z } from "zod";

/** The smallest task: an input schema, an output schema, and `run`. */
export const greet = defineTask({
  name: "greet",
  description: "Says hello",
  input: z.object({ name: z.string().min(1) }),
  output: z.object({ message: z.string(), greetedAt: z.date() }),
  async run({ input, controller }) {
    // `greetedAt` comes back to the client as a Date, not a string: payloads travel as superjson.
    return controller.success({ message: `Hello, ${input.name}!`, greetedAt: new Date() });
  },
});
