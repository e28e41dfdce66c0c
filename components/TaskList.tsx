import { i18n } from '#i18n';
import {
  formatCallTime,
  formatFullTime,
  numberLabel,
  safeHttpUrl,
  uiLocale,
} from '@/lib/calls/format';
import type { TaskLists } from '@/lib/calls/tasks';
import type { CallbackTask } from '@/lib/calls/types';
import type { LabelKey } from '@/lib/labels';

type Section = keyof TaskLists;
const SECTIONS: Array<[Section, LabelKey]> = [
  ['overdue', 'task_overdue'],
  ['due', 'task_due'],
  ['upcoming', 'task_upcoming'],
];

/**
 * Callback tasks: overdue first, then due now, then later. Each has a Call button (calling the
 * number completes the task by itself), Done, and Snooze once it is due.
 */
export function TaskList(props: {
  tasks: TaskLists;
  now: number;
  locale?: string;
  onCall: (task: CallbackTask) => void;
  onDone: (task: CallbackTask) => void;
  onSnooze: (task: CallbackTask, minutes: number) => void;
}) {
  const locale = props.locale ?? uiLocale();
  const total = props.tasks.overdue.length + props.tasks.due.length + props.tasks.upcoming.length;
  if (total === 0) return <p class="empty">{i18n.t('task_empty')}</p>;
  return (
    <div class="task-list">
      {SECTIONS.map(([section, label]) =>
        props.tasks[section].length === 0 ? null : (
          <section class={`task-section ${section}`} data-section={section} key={section}>
            <h3>
              {i18n.t(label)} <span class="count">{props.tasks[section].length}</span>
            </h3>
            <ul>
              {props.tasks[section].map((task) => (
                <TaskItem key={task.id} task={task} section={section} locale={locale} {...props} />
              ))}
            </ul>
          </section>
        ),
      )}
    </div>
  );
}

function TaskItem(
  props: Parameters<typeof TaskList>[0] & { task: CallbackTask; section: Section; locale: string },
) {
  const { task, now, locale } = props;
  const number = numberLabel(task.number, task.ext);
  const contact = safeHttpUrl(task.contactUrl);
  return (
    <li class="task-item" data-task={task.id}>
      <div class="task-who">
        {task.name ? (
          contact ? (
            <a class="task-name" href={contact} target="_blank" rel="noopener noreferrer">
              {task.name}
            </a>
          ) : (
            <span class="task-name">{task.name}</span>
          )
        ) : null}
        <span class="task-number">{number}</span>
      </div>
      <time
        class="task-due"
        dateTime={new Date(task.dueAt).toISOString()}
        title={formatFullTime(task.dueAt, locale)}
      >
        {i18n.t('task_dueAt', [formatCallTime(task.dueAt, now, locale)])}
      </time>
      <div class="task-actions">
        <button type="button" class="primary small" onClick={() => props.onCall(task)}>
          {i18n.t('call')}
        </button>
        {props.section !== 'upcoming' && (
          <button type="button" class="small" onClick={() => props.onSnooze(task, 10)}>
            {i18n.t('task_snooze')}
          </button>
        )}
        <button type="button" class="small" onClick={() => props.onDone(task)}>
          {i18n.t('task_done')}
        </button>
      </div>
    </li>
  );
}
