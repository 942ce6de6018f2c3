"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { MAX_FIRST_RESPONSE_MINUTES, slaTargetsSchema } from "@/lib/validation/admin.ts";
import { updateSlaTargetsAction } from "../actions.ts";
import { applyActionErrors } from "../action-feedback.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { FormField } from "@/components/form-field/form-field.tsx";

type Input = z.input<typeof slaTargetsSchema>;
type Output = z.output<typeof slaTargetsSchema>;
type Target = { priority: (typeof PRIORITIES)[number]; firstResponseMinutes: number; updatedAt: string | null; updatedBy: string | null };

export function SlaTargetsForm({ targets }: { targets: Target[] }) {
  const t = useTranslations("admin");
  const format = useFormatter();
  const router = useRouter();
  const [alert, setAlert] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const defaults = Object.fromEntries(targets.map((target) => [target.priority, target.firstResponseMinutes])) as Input;
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({ resolver: zodResolver(slaTargetsSchema), defaultValues: defaults });

  const current = useWatch({ control });

  const onSubmit = async (values: Output) => {
    setAlert(null);
    setSaved(false);
    const result = actionOutcome(await updateSlaTargetsAction(values));
    if (!result.ok) {
      setAlert(applyActionErrors(result, setError));
      return;
    }
    setSaved(true);
    router.refresh();
  };

  return (
    <form className="form-stack" noValidate onSubmit={handleSubmit(onSubmit)} aria-describedby="sla-applies-to-new">
      {alert && (
        <p className="form-alert" role="alert">
          {alert}
        </p>
      )}
      {saved && (
        <p className="form-success" role="status">
          {t("sla.saved")}
        </p>
      )}
      {targets.map((target) => {
        const minutes = Number(current[target.priority]);
        const hint = [
          Number.isFinite(minutes) && minutes > 0 ? t("sla.equals", { hours: format.number(minutes / 60, { maximumFractionDigits: 2 }) }) : null,
          target.updatedAt && target.updatedBy
            ? t("sla.lastChanged", { when: format.dateTime(new Date(target.updatedAt), { dateStyle: "medium", timeStyle: "short" }), who: target.updatedBy })
            : null,
        ]
          .filter(Boolean)
          .join(" · ");
        return (
          <FormField
            key={target.priority}
            id={`sla-${target.priority}`}
            label={t("sla.minutesFor", { priority: t(`priorities.${target.priority}`) })}
            hint={hint || undefined}
            error={errors[target.priority]}
            messages="admin.validation"
          >
            {(control) => (
              <input type="number" inputMode="numeric" min={1} max={MAX_FIRST_RESPONSE_MINUTES} step={1} {...control} {...register(target.priority)} />
            )}
          </FormField>
        );
      })}
      <div>
        <button type="submit" className="button" disabled={isSubmitting}>
          {t("sla.save")}
        </button>
      </div>
    </form>
  );
}
