/** What every HTTP answer gets, whatever the feature: security headers, and strict JSON reading. */
package dev.herald.web;
