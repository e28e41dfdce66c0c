/**
 * retailCRM's screens. retailCRM is a hosted service: accounts live on `*.retailcrm.ru` (and
 * the `.pro`, `.es`, `.io` zones) or, after the rebrand, `*.simla.com` / `*.simla.io`. A custom
 * domain works too when the user adds it as a retailCRM host in the settings.
 */
import type { PageDetector } from '../types';

const HOSTS = /(?:^|\.)(?:retailcrm\.(?:ru|pro|es|io)|simla\.(?:com|io))$/;

function retailcrmPath(path: RegExp): (url: URL) => boolean {
  return (url) => HOSTS.test(url.hostname) && path.test(url.pathname);
}

export const retailcrmPages: readonly PageDetector[] = [
  {
    id: 'retailcrm:order',
    examples: [
      'https://demo.retailcrm.ru/orders/10542/edit',
      'https://shop.simla.com/orders/77/edit',
    ],
    matches: retailcrmPath(/^\/orders\/\d+(?:\/edit)?\/?$/),
  },
  {
    id: 'retailcrm:orders',
    examples: [
      'https://demo.retailcrm.ru/orders/',
      'https://demo.retailcrm.ru/orders/?filter%5Bphone%5D=916',
    ],
    matches: retailcrmPath(/^\/orders\/?$/),
  },
  {
    id: 'retailcrm:customer',
    examples: [
      'https://demo.retailcrm.ru/customers/3017',
      'https://demo.retailcrm.pro/customers/3017/edit',
    ],
    matches: retailcrmPath(/^\/customers\/\d+(?:\/edit)?\/?$/),
  },
  {
    id: 'retailcrm:corporate',
    examples: [
      'https://demo.retailcrm.ru/customers-corporate/512',
      'https://demo.retailcrm.ru/customers-corporate/512/edit',
    ],
    matches: retailcrmPath(/^\/customers-corporate\/\d+(?:\/edit)?\/?$/),
  },
  {
    id: 'retailcrm:customers',
    examples: [
      'https://demo.retailcrm.ru/customers/',
      'https://demo.retailcrm.ru/customers-corporate/',
    ],
    matches: retailcrmPath(/^\/customers(?:-corporate)?\/?$/),
  },
  {
    id: 'retailcrm:calls',
    examples: [
      'https://demo.retailcrm.ru/calls/',
      'https://demo.retailcrm.es/calls/?filter%5Btype%5D=missed',
    ],
    matches: retailcrmPath(/^\/calls\/?$/),
  },
];
