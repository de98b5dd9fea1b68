// Block Kit as DOM: the blocks OpsBot's cards use (header, section with text, fields and an accessory, context,
// actions with buttons, divider, image) and a readable fallback for the others.
import { renderMrkdwn, renderPlain } from './mrkdwn.js';

/**
 * blocks: the message's blocks array. ctx: { userName, channelName, onButton(element, blockId, buttonElement) }.
 */
export function renderBlocks(blocks, ctx) {
  const container = el('div', 'blocks');
  for (const block of blocks ?? []) {
    const rendered = renderBlock(block, ctx);
    if (rendered) container.append(rendered);
  }
  return container;
}

/** A text object: mrkdwn or plain_text. */
export function renderText(text, ctx) {
  if (!text) return document.createDocumentFragment();
  return text.type === 'mrkdwn' ? renderMrkdwn(text.text, ctx) : renderPlain(text.text, text.emoji);
}

function renderBlock(block, ctx) {
  switch (block?.type) {
    case 'header': {
      const h = el('h3', 'block-header', 'block-header');
      h.append(renderText(block.text, ctx));
      return h;
    }
    case 'section':
      return section(block, ctx);
    case 'context': {
      const div = el('div', 'block-context', 'block-context');
      for (const element of block.elements ?? []) {
        if (element.type === 'image') {
          div.append(image(element.image_url, element.alt_text, 'context-image'));
        } else {
          const span = el('span', 'context-item');
          span.append(renderText(element, ctx));
          div.append(span);
        }
      }
      return div;
    }
    case 'actions': {
      const div = el('div', 'block-actions', 'block-actions');
      div.setAttribute('role', 'group');
      div.setAttribute('aria-label', 'Actions');
      for (const element of block.elements ?? []) div.append(actionElement(element, block.block_id, ctx));
      return div;
    }
    case 'divider':
      return el('hr', 'block-divider', 'block-divider');
    case 'image': {
      const figure = el('figure', 'block-image', 'block-image');
      figure.append(image(block.image_url, block.alt_text, 'image'));
      if (block.title) {
        const caption = el('figcaption');
        caption.append(renderText(block.title, ctx));
        figure.append(caption);
      }
      return figure;
    }
    case 'markdown': {
      const div = el('div', 'block-section', 'block-markdown');
      div.append(renderMrkdwn(block.text ?? '', ctx));
      return div;
    }
    case 'rich_text':
      return richText(block, ctx);
    default:
      return unsupported(`${block?.type ?? 'unknown'} block`);
  }
}

function section(block, ctx) {
  const div = el('div', 'block-section', 'block-section');
  const main = el('div', 'section-main');
  if (block.text) {
    const text = el('div', 'section-text');
    text.append(renderText(block.text, ctx));
    main.append(text);
  }
  if (Array.isArray(block.fields) && block.fields.length > 0) {
    const fields = el('div', 'section-fields', 'section-fields');
    for (const field of block.fields) {
      const f = el('div', 'section-field', 'section-field');
      f.append(renderText(field, ctx));
      fields.append(f);
    }
    main.append(fields);
  }
  div.append(main);
  if (block.accessory) {
    const accessory = el('div', 'section-accessory');
    accessory.append(block.accessory.type === 'image'
      ? image(block.accessory.image_url, block.accessory.alt_text, 'accessory-image')
      : actionElement(block.accessory, block.block_id, ctx));
    div.append(accessory);
  }
  return div;
}

function actionElement(element, blockId, ctx) {
  if (element.type !== 'button') return unsupported(element.type ?? 'element');
  const button = el('button', `btn${element.style ? ' btn-' + element.style : ''}`, 'block-button');
  button.type = 'button';
  button.dataset.actionId = element.action_id ?? '';
  button.dataset.blockId = blockId ?? '';
  if (element.value !== undefined) button.dataset.value = element.value;
  if (element.confirm) button.setAttribute('aria-haspopup', 'dialog');
  button.append(renderPlain(element.text?.text ?? '', element.text?.emoji));
  button.addEventListener('click', () => ctx.onButton?.(element, blockId, button));
  return button;
}

function image(url, alt, className) {
  const img = el('img', className);
  img.src = url ?? '';
  img.alt = alt ?? '';
  img.loading = 'lazy';
  return img;
}

/** rich_text, drawn as its text: sections, lists and preformatted runs with links, mentions and emoji. */
function richText(block, ctx) {
  const div = el('div', 'block-section block-rich-text', 'block-rich-text');
  const walk = (elements, parent) => {
    for (const e of elements ?? []) {
      switch (e.type) {
        case 'rich_text_section':
        case 'rich_text_quote':
        case 'rich_text_preformatted': {
          const tag = e.type === 'rich_text_preformatted' ? 'pre' : e.type === 'rich_text_quote' ? 'blockquote' : 'div';
          const child = el(tag, tag === 'pre' ? 'mrkdwn-pre' : tag === 'blockquote' ? 'mrkdwn-quote' : '');
          walk(e.elements, child);
          parent.append(child);
          break;
        }
        case 'rich_text_list': {
          const list = el(e.style === 'ordered' ? 'ol' : 'ul');
          for (const item of e.elements ?? []) {
            const li = el('li');
            walk(item.elements, li);
            list.append(li);
          }
          parent.append(list);
          break;
        }
        case 'text': {
          const node = renderPlain(e.text ?? '', false);
          let wrapped = node;
          for (const [flag, tag] of [['code', 'code'], ['strike', 's'], ['italic', 'em'], ['bold', 'strong']]) {
            if (e.style?.[flag]) {
              const w = el(tag, flag === 'code' ? 'mrkdwn-code' : '');
              w.append(wrapped);
              wrapped = w;
            }
          }
          parent.append(wrapped);
          break;
        }
        case 'link':
          parent.append(renderMrkdwn(`<${e.url}|${e.text ?? e.url}>`, ctx));
          break;
        case 'user':
          parent.append(renderMrkdwn(`<@${e.user_id}>`, ctx));
          break;
        case 'channel':
          parent.append(renderMrkdwn(`<#${e.channel_id}>`, ctx));
          break;
        case 'emoji':
          parent.append(renderPlain(`:${e.name}:`));
          break;
        default:
          parent.append(unsupported(e.type ?? 'element'));
      }
    }
  };
  walk(block.elements, div);
  return div;
}

function unsupported(what) {
  const span = el('span', 'unsupported', 'unsupported');
  span.textContent = `[${what} not shown by the sandbox console]`;
  return span;
}

function el(tag, className = '', testId = null) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (testId) element.dataset.testid = testId;
  return element;
}
