import { Notification } from 'electron';
import type { PodiumEvents } from '../contract/index.js';
import type { EventMessage } from '../server/index.js';

/** A desktop notification for every alert raised, so it is seen with the window closed too. */
export function notifyAlert(message: EventMessage, onClick: () => void): void {
  if (message.event !== 'alert.raised' || !Notification.isSupported()) return;
  const { alert } = message.payload as PodiumEvents['alert.raised'];
  const notification = new Notification({
    title: `Podium ${alert.severity}: ${alert.title}`,
    body: alert.modelName ? `${alert.modelName}: ${alert.message}` : alert.message,
    urgency: alert.severity === 'critical' ? 'critical' : 'normal',
  });
  notification.on('click', onClick);
  notification.show();
}
