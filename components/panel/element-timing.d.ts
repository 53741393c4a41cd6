// The Element Timing API's attribute (https://w3c.github.io/element-timing/): React passes it to
// the DOM as is; its types do not list it yet.
import "react";

declare module "react" {
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
