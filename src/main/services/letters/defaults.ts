/**
 * The built-in letter templates: constants, never stored. A user copies one to change it.
 * Each opens with the salutation and ends with the closing; the letter's layout adds the
 * signature, the sender's name, title and firm below.
 */
import type { LetterKind } from '../../../shared/letters';

export interface DefaultTemplate {
  kind: LetterKind;
  name: string;
  subject: string;
  body: string;
}

const lines = (...l: string[]) => l.join('\n');

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    kind: 'welcome',
    name: 'Welcome',
    subject: 'Welcome aboard, {{client.name}}',
    body: lines(
      '{{contact.salutation}},',
      '',
      'Thank you for choosing to work with us. We are delighted to welcome **{{client.name}}**, and we are looking forward to getting started.',
      '',
      '{{personalLine}}',
      '',
      'Over the first few weeks, this is what you can expect from us:',
      '',
      '- a kick-off conversation to agree goals, timings and how you like to work;',
      '- one named person, {{owner.name}}, who looks after your account and answers your questions;',
      '- short, regular updates, so you always know where things stand.',
      '',
      'If anything is ever unclear, or not quite as you hoped, please tell us straight away. We would much rather hear it early.',
      '',
      'Warm regards,',
    ),
  },
  {
    kind: 'check-in',
    name: 'Check-in',
    subject: 'Checking in',
    body: lines(
      '{{contact.salutation}},',
      '',
      'I wanted to take a moment to check in and hear how things are going on your side.',
      '',
      '{{personalLine}}',
      '',
      'Is there anything we could be doing better, or anything coming up where we could help? Even a short reply is welcome; I am always glad to hear from you.',
      '',
      'With best wishes,',
    ),
  },
  {
    kind: 'thank-you-delivery',
    name: 'Thank you after a delivery',
    subject: 'Thank you: {{engagement.name}}',
    body: lines(
      '{{contact.salutation}},',
      '',
      'Now that **{{engagement.name}}** is complete, I wanted to write and say thank you. It has been a real pleasure working with you on it.',
      '',
      'Together, we delivered what we set out to do:',
      '',
      '- {{engagement.promisesKept}}',
      '',
      '{{personalLine}}',
      '',
      'Thank you for your trust, your time and your candour along the way. If there is anything more we can do, now or later, you know where to find us.',
      '',
      'With warm thanks,',
    ),
  },
  {
    kind: 'thank-you-referral',
    name: 'Thank you for a referral',
    subject: 'Thank you for the introduction',
    body: lines(
      '{{contact.salutation}},',
      '',
      'I wanted to write and say a proper thank you for recommending us.',
      '',
      '{{personalLine}}',
      '',
      'A recommendation is the highest compliment a client can pay, and it means a great deal to all of us at {{sender.firm}}. We will take good care of the people you send our way, and make sure your name is linked only with good work.',
      '',
      'With sincere thanks,',
    ),
  },
  {
    kind: 'offboarding',
    name: 'Goodbye at the end of our work',
    subject: 'Thank you, and goodbye for now',
    body: lines(
      '{{contact.salutation}},',
      '',
      'As our work together comes to a close, I wanted to thank you for the time we have spent working alongside you.',
      '',
      '{{personalLine}}',
      '',
      'Over the coming weeks, {{owner.name}} will make sure everything is handed back to you in good order: documents, access, and anything else you need to carry on smoothly without us.',
      '',
      'Our door remains open. If circumstances change, or if you would simply like a second opinion, we would be glad to hear from you. I wish you and the whole team every success.',
      '',
      'Kind regards,',
    ),
  },
  {
    kind: 'handover',
    name: 'Introducing your new account owner',
    subject: 'Introducing {{owner.name}}, your new point of contact',
    body: lines(
      '{{contact.salutation}},',
      '',
      'I am writing to introduce **{{owner.name}}**, who will be looking after you from now on, taking over from {{owner.previous}}.',
      '',
      '{{personalLine}}',
      '',
      '{{owner.name}} has been fully briefed on our work together, including your priorities and the commitments we have made to you, so nothing will be lost in the change. You can expect to hear from them shortly to arrange a first conversation.',
      '',
      'Thank you for your continued trust. It matters a great deal to us.',
      '',
      'Warm regards,',
    ),
  },
  {
    kind: 'occasion',
    name: 'Holiday or anniversary note',
    subject: 'With warm wishes from {{sender.firm}}',
    body: lines(
      '{{contact.salutation}},',
      '',
      'We wanted to send a short note with our warmest wishes to you and yours.',
      '',
      '{{personalLine}}',
      '',
      'Thank you for the trust you place in us. Working with you is one of the real pleasures of what we do, and we look forward to the year ahead together.',
      '',
      'With warm wishes,',
    ),
  },
];
